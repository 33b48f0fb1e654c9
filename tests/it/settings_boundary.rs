//! Settings checked at the boundary (issue 13 item 3): a document a user
//! wrote is refused with the field's path, its value as written and the
//! problem, in both languages — misspelt keys at any depth, regular
//! expressions that do not compile, overlapping work intervals, thresholds
//! no shop can mean — while settings an older version stored drop unknown
//! keys at any depth instead. Expected paths, values and lines are read off
//! the documents below by hand.
use kefu_lens::format::settings_error;
use kefu_lens::settings::{KpiTemplate, Problem, Settings, SettingsError};

fn refused(json: &str) -> SettingsError {
    Settings::parse(json).expect_err(json)
}

#[test]
fn misspelt_nested_keys_name_their_path_and_the_nearest_key() {
    let mapping = r#"{"column_mappings": [{"kind": "orders", "header": ["a", "b", "c"],
        "columns": {"order_id": "a", "created": "b", "amount": "c"}, "time_fromat": "auto"}]}"#;
    for (json, path, nearest) in [
        (r#"{"alerts": {"complaint": {"regexx": "退.*款"}}}"#, "alerts.complaint.regexx", Some("regex")),
        (r#"{"alerts": {"wait": {"yelow_secs": 30}}}"#, "alerts.wait.yelow_secs", Some("yellow_secs")),
        (r#"{"alerts": {"colour": "red"}}"#, "alerts.colour", None),
        (r#"{"accounts": [{"nick": "店:01"}, {"nick": "店:02", "nmae": "小美"}]}"#, "accounts[1].nmae", Some("name")),
        (
            r#"{"categories": [{"code": "1", "name": "售前", "children": [{"code": "1.1", "keywrds": ["尺码"]}]}]}"#,
            "categories[0].children[0].keywrds",
            Some("keywords"),
        ),
        (r#"{"kpi": {"itemz": []}}"#, "kpi.itemz", Some("items")),
        (
            r#"{"kpi_aftersales": {"items": [{"metric": "reply_rate", "wieght": 5, "targets": [0.9]}]}}"#,
            "kpi_aftersales.items[0].wieght",
            Some("weight"),
        ),
        (r#"{"work_time": {"mnn": ["09:00-12:00"]}}"#, "work_time.mnn", Some("mon")),
        (mapping, "column_mappings[0].time_fromat", Some("time_format")),
    ] {
        let e = refused(json);
        assert_eq!(e.path, path, "{json}");
        let key = path.rsplit(['.']).next().unwrap();
        let nearest = nearest.map(str::to_string);
        assert_eq!(e.problem, Problem::UnknownKey { key: key.into(), nearest }, "{json}");
    }
    let e = refused("{\"alerts\": {\n  \"complaint\": {\"regexx\": \"退.*款\"}\n}}");
    assert_eq!(e.line, 2);
    assert_eq!(
        settings_error(&e, false),
        "Settings problem: there is no setting 'alerts.complaint.regexx'; did you mean 'alerts.complaint.regex'? (line 2)."
    );
    assert_eq!(
        settings_error(&e, true),
        "设置有误：没有“alerts.complaint.regexx”这一项，是不是“alerts.complaint.regex”？（第 2 行）"
    );
}

#[test]
fn stored_settings_drop_unknown_keys_at_every_depth() {
    let stored = r##"{
      "old_top": 1,
      "response_threshold_secs": 60,
      "accounts": [{"nick": "店:01", "name": "小美", "old_badge": "gold"}],
      "work_time": {"mon": ["09:00-18:00"], "holiday_mode": ["00:00-24:00"]},
      "categories": [{"code": "1", "name": "售前", "children": [
          {"code": "1.1", "name": "尺码", "keywords": ["尺码"], "colour": "#f00"}]}],
      "kpi": {"tiers": ["初级"], "old_note": "x",
              "items": [{"metric": "reply_rate", "weight": 7, "targets": [0.9], "old_unit": "%"}]},
      "alerts": {"wait": {"yellow_secs": 30, "red_secs": 90, "old_sound": true}, "old_rule": {}}
    }"##;
    let s = Settings::parse_stored(stored).unwrap();
    assert_eq!(s.response_threshold_secs, 60);
    assert_eq!(s.accounts[0].name, "小美");
    assert_eq!(s.work_time.keys().collect::<Vec<_>>(), ["mon"]);
    assert_eq!(s.categories[0].children[0].keywords, ["尺码"]);
    let kpi = s.kpi.as_ref().unwrap();
    assert_eq!((kpi.items[0].weight, kpi.items[0].targets.as_slice()), (7.0, &[0.9][..]));
    let wait = &s.alert_rules().wait;
    assert_eq!((wait.yellow_secs, wait.red_secs), (30, 90));
    // The same document written by hand is refused at its first unknown key.
    assert_eq!(refused(stored).path, "old_top");
    // Wrong values stay errors; broken JSON after an unknown key is an
    // error, not a crash.
    assert_eq!(
        Settings::parse_stored(r#"{"old": 1, "alerts": {"wait": {"red_secs": "x"}}}"#).unwrap_err().path,
        "alerts.wait.red_secs"
    );
    let e = Settings::parse_stored(r#"{"old": 1, "closing_word_filter": tru}"#).unwrap_err();
    assert!(matches!(e.problem, Problem::UnknownKey { .. } | Problem::Syntax), "{e:?}");
}

#[test]
fn invalid_regexes_name_the_path_the_pattern_and_the_reason() {
    // The second node's regex is the bad one; the first has a good one, so
    // the line must come from the path, not from the first "regex" key.
    let json = "{\"categories\": [\n\
        {\"code\": \"1\", \"name\": \"售前\", \"regex\": \"尺码|尺寸\"},\n\
        {\"code\": \"2\", \"name\": \"售后\", \"children\": [\n\
          {\"code\": \"2.1\", \"name\": \"退换\", \"regex\": \"(退|换货\"}]}]}";
    let e = refused(json);
    assert_eq!(e.path, "categories[1].children[0].regex");
    assert_eq!(e.value.as_deref(), Some(r#""(退|换货""#));
    assert_eq!(e.line, 4);
    let Problem::Regex { reason } = &e.problem else { panic!("{e:?}") };
    // The regex crate's own reason, without its caret drawing.
    assert!(reason.contains("unclosed group") && !reason.contains('\n'), "{reason}");
    let zh = settings_error(&e, true);
    assert_eq!(
        zh,
        format!("设置有误：咨询分类（categories[1].children[0].regex） = \"(退|换货\" 不是有效的正则表达式：{reason}（第 4 行）。")
    );
    let en = settings_error(&e, false);
    assert_eq!(
        en,
        format!("Settings problem: categories (categories[1].children[0].regex) = \"(退|换货\" is not a valid regular expression: {reason} (line 4).")
    );
    for (json, path) in [
        (r#"{"alerts": {"complaint": {"regex": "投诉|[差评"}}}"#, "alerts.complaint.regex"),
        (r#"{"alerts": {"sensitive_words": {"regex": "a{2,1}"}}}"#, "alerts.sensitive_words.regex"),
        (r#"{"category_marker": "咨询的内容为\\s*(\\d+"}"#, "category_marker"),
    ] {
        let e = refused(json);
        assert_eq!(e.path, path, "{json}");
        assert!(matches!(e.problem, Problem::Regex { .. }), "{e:?}");
    }
    // An empty regex means none.
    assert!(Settings::parse(r#"{"alerts": {"complaint": {"regex": ""}}, "categories": [{"code": "1", "regex": ""}]}"#)
        .is_ok());
}

#[test]
fn overlapping_intervals_of_one_day_are_refused() {
    let e = refused(r#"{"work_time": {"tue": ["09:00-12:00", "13:00-18:00", "11:30-14:00"]}}"#);
    assert_eq!(e.path, "work_time.tue[2]");
    assert_eq!(e.value.as_deref(), Some(r#""11:30-14:00""#));
    assert_eq!(e.problem, Problem::Overlap { other: "09:00-12:00".into() });
    assert_eq!(
        settings_error(&e, false),
        "Settings problem: work time (work_time.tue[2]) = \"11:30-14:00\" overlaps 09:00-12:00 on the same day (line 1)."
    );
    assert_eq!(
        settings_error(&e, true),
        "设置有误：工作时间（work_time.tue[2]） = \"11:30-14:00\" 与同一天的时段 09:00-12:00 重叠（第 1 行）。"
    );
    let e = refused(r#"{"work_time": {"sat": ["10:00-16:00", "10:00-16:00"]}}"#);
    assert_eq!((e.path.as_str(), &e.problem), ("work_time.sat[1]", &Problem::Overlap { other: "10:00-16:00".into() }));
    // Touching intervals, any order, and the same hours on other days are fine.
    let s =
        Settings::parse(r#"{"work_time": {"mon": ["13:00-18:00", "09:00-13:00"], "tue": ["09:00-13:00"]}}"#).unwrap();
    assert_eq!(s.work_intervals(0), vec![(9 * 3600, 18 * 3600)]);
}

#[test]
fn numbers_no_shop_can_mean_are_refused_naming_field_and_value() {
    let range = |min: &str, max: Option<&str>| Problem::Range { min: min.into(), max: max.map(str::to_string) };
    let kpi = |items: &str| format!(r#"{{"kpi": {{"tiers": ["初级", "中级", "资深"], "items": [{items}]}}}}"#);
    let item = |weight: &str, targets: &str| {
        format!(r#"{{"metric": "reply_rate", "weight": {weight}, "direction": "higher", "targets": {targets}}}"#)
    };
    let cases: Vec<(String, &str, Option<&str>, Problem)> = vec![
        (
            r#"{"response_threshold_secs": 90000}"#.into(),
            "response_threshold_secs",
            Some("90000"),
            range("1", Some("86400")),
        ),
        (
            r#"{"timezone_offset_minutes": 4800}"#.into(),
            "timezone_offset_minutes",
            Some("4800"),
            range("-720", Some("840")),
        ),
        (r#"{"final_window_days": -1}"#.into(), "final_window_days", Some("-1"), range("0", Some("365"))),
        (r#"{"reconsult_days": 0}"#.into(), "reconsult_days", Some("0"), range("1", Some("365"))),
        (r#"{"weekly_min_sessions": 0}"#.into(), "weekly_min_sessions", Some("0"), range("1", None)),
        (r#"{"long_reception_secs": 0}"#.into(), "long_reception_secs", Some("0"), range("1", Some("86400"))),
        (
            r#"{"alerts": {"wait": {"yellow_secs": 0}}}"#.into(),
            "alerts.wait.yellow_secs",
            Some("0"),
            range("1", Some("86400")),
        ),
        (
            r#"{"alerts": {"wait": {"yellow_secs": 300, "red_secs": 180}}}"#.into(),
            "alerts.wait.yellow_secs",
            Some("300"),
            Problem::Above { other: "alerts.wait.red_secs".into(), other_value: "180".into() },
        ),
        (
            r#"{"alerts": {"reply_timeout": {"secs": -5}}}"#.into(),
            "alerts.reply_timeout.secs",
            Some("-5"),
            range("1", Some("86400")),
        ),
        (
            r#"{"alerts": {"low_rating": {"max_score": 9}}}"#.into(),
            "alerts.low_rating.max_score",
            Some("9"),
            range("1", Some("5")),
        ),
        (
            r#"{"alerts": {"unpaid_no_reminder": {"within_secs": 0}}}"#.into(),
            "alerts.unpaid_no_reminder.within_secs",
            Some("0"),
            range("1", Some("604800")),
        ),
        (kpi(&item("-5", "[0.8, 0.9, 0.95]")), "kpi.items[0].weight", Some("-5"), range("0", None)),
        (kpi(&item("5", "[0.8, -0.9, 0.95]")), "kpi.items[0].targets[1]", Some("-0.9"), range("0", None)),
        (
            kpi(&item("5", "[1, 2, 3, 4]")),
            "kpi.items[0].targets",
            Some("[1, 2, 3, 4]"),
            Problem::Count { count: 4, min: 1, max: Some(3) },
        ),
        (kpi(&item("5", "[]")), "kpi.items[0].targets", Some("[]"), Problem::Count { count: 0, min: 1, max: Some(3) }),
        (
            format!("{{\"kpi\": {{\"tiers\": [], \"items\": [{}]}}}}", item("5", "[1]")),
            "kpi.tiers",
            Some("[]"),
            Problem::Count { count: 0, min: 1, max: None },
        ),
        (kpi(&format!("{}, {}", item("0", "[1]"), item("0", "[2]"))), "kpi.items", None, Problem::NoWeight),
    ];
    for (json, path, value, problem) in cases {
        let e = refused(&json);
        assert_eq!((e.path.as_str(), e.value.as_deref(), &e.problem), (path, value, &problem), "{json}");
    }
    let e = refused("{\n\"response_threshold_secs\": 90000\n}");
    assert_eq!(
        settings_error(&e, true),
        "设置有误：响应阈值（秒）（response_threshold_secs） = 90000 应在 1 到 86400 之间（第 2 行）。"
    );
    assert_eq!(
        settings_error(&e, false),
        "Settings problem: response threshold (seconds) (response_threshold_secs) = 90000 should be between 1 and 86400 (line 2)."
    );
    let e = refused(r#"{"alerts": {"wait": {"yellow_secs": 300, "red_secs": 180}}}"#);
    assert!(settings_error(&e, false).contains("= 300 cannot be above alerts.wait.red_secs (180)"), "{e:?}");
    // Weights need not add up to 100: spec §8 divides by their sum.
    assert!(Settings::parse(&kpi(&format!("{}, {}", item("1", "[1]"), item("2", "[1, 2]")))).is_ok());
}

#[test]
fn the_values_of_type_errors_are_quoted_as_written() {
    let e = refused("{\"response_threshold_secs\": \"三分钟\"}");
    assert_eq!(e.value.as_deref(), Some("\"三分钟\""));
    assert_eq!(
        settings_error(&e, false),
        "Settings problem: response threshold (seconds) (response_threshold_secs) = \"三分钟\" should be a whole number (line 1)."
    );
    let e = refused(r#"{"work_time": {"mon": ["09:00-25:00"]}}"#);
    assert_eq!(e.value.as_deref(), Some("\"09:00-25:00\""));
    assert!(settings_error(&e, true).contains("= \"09:00-25:00\" 应写成 HH:MM-HH:MM"));
    // A long value is shortened.
    let long = "x".repeat(100);
    let e = refused(&format!(r#"{{"holidays": ["{long}"]}}"#));
    assert_eq!(e.value.unwrap().chars().count(), kefu_lens::settings::errors::VALUE_CHARS + 1);
}

#[test]
fn the_spec_settings_files_and_the_shipped_ones_pass() {
    // Spec §10's two examples, as written there.
    let spec = r#"{
      "timezone_offset_minutes": 480,
      "work_time": {"mon": ["00:00-24:00"], "tue": ["00:00-24:00"], "wed": ["00:00-24:00"],
                    "thu": ["00:00-24:00"], "fri": ["00:00-24:00"], "sat": ["00:00-24:00"],
                    "sun": ["00:00-24:00"]},
      "holidays": [],
      "response_threshold_secs": 180,
      "closing_word_filter": true,
      "accounts": [{"nick": "店铺名:01", "name": "小美", "team": ["售前部", "一组"], "role": "presales"}],
      "final_window_days": 3,
      "credit": "last",
      "reconsult_days": 3,
      "weekly_min_sessions": 5,
      "weekly_pass_rate": 0.8,
      "long_reception_secs": 1700,
      "session_idle_secs": 1200
    }"#;
    let s = Settings::parse(spec).unwrap();
    assert_eq!((s.long_reception_secs, s.session_idle_secs), (1700, 1200));
    assert_eq!(Settings::parse(&s.to_json()).unwrap(), s, "written back whole");
    let extended = r#"{
      "category_marker": "咨询的内容为\\s*(\\d+(?:\\.\\d+)*)",
      "categories": [
        {"code": "1", "name": "售前咨询", "children": [
          {"code": "1.1", "name": "商品咨询", "children": [
            {"code": "1.1.1", "name": "商品尺寸", "keywords": ["尺码", "尺寸"]},
            {"code": "1.1.2", "name": "商品质量", "regex": "质量|色差"}]}]},
        {"code": "2", "name": "售后", "children": [
          {"code": "2.1", "name": "退换货", "keywords": ["退货", "换货"]}]}],
      "kpi": {"tiers": ["初级", "中级", "资深"], "items": [
        {"metric": "reception_buyers", "per_day": true, "weight": 15,
         "direction": "higher", "targets": [50, 80, 100]}]}
    }"#;
    assert!(Settings::parse(extended).is_ok());
    // Every shipped template and the demo shop's settings.
    let mut s = kefu_lens::demo::demo_settings(&Default::default());
    s.kpi = Some(KpiTemplate::seed002());
    s.kpi_aftersales = Some(KpiTemplate::aftersales());
    s.alerts = Some(Default::default());
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(Settings::default().validate(), Ok(()));
    // What the app's editors make is checked the same way.
    s.alerts.as_mut().unwrap().complaint.regex = Some("(".into());
    assert_eq!(s.validate().unwrap_err().path, "alerts.complaint.regex");
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn kefu_refuses_a_bad_config_naming_the_field() {
    let dir = std::env::temp_dir().join(format!("kefu-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("bad.json");
    std::fs::write(&config, "{\"alerts\": {\"complaint\": {\"regex\": \"投诉|(差评\"}}}").unwrap();
    let chats = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chat_table.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["report", "--by", "shop", "--chats"])
        .arg(&chats)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("alerts.complaint.regex") && err.contains("投诉|(差评") && err.contains("unclosed group"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
