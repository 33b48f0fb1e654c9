//! UI strings, Simplified Chinese first, English switchable.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Lang {
        if s == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    pub fn zh(self) -> bool {
        self == Lang::Zh
    }
}

/// (key, 中文, English)
const STRINGS: &[(&str, &str, &str)] = &[
    ("title", "客服绩效透镜", "Kefu Lens"),
    ("subtitle", "客服绩效分析 · 全部在浏览器本地计算", "Customer-service analytics · computed in your browser"),
    ("privacy", "🔒 数据不离开本机：不上传、无统计、无外部请求", "🔒 Your data never leaves this machine: no upload, no analytics, no outside requests"),
    ("drop_here", "把聊天记录、订单报表、接待评价文件拖到这里", "Drop chat logs, order exports and rating files here"),
    ("drop_hint", "支持 CSV / TSV / XLSX / TXT；UTF-8、GBK/GB18030、UTF-16；可一次拖入多个不同类型的文件", "CSV / TSV / XLSX / TXT; UTF-8, GBK/GB18030, UTF-16; several files of different kinds at once"),
    ("choose_files", "选择文件…", "Choose files…"),
    ("load_demo", "加载演示数据", "Load demo data"),
    ("clear", "清空数据", "Clear data"),
    ("cancel", "取消", "Cancel"),
    ("reading", "读取中", "Reading"),
    ("parsing", "解析中", "Parsing"),
    ("computing", "计算指标中…", "Computing metrics…"),
    ("generating", "生成演示数据中…", "Generating demo data…"),
    ("cancelled", "已取消导入：已完成的文件保留，未完成的文件未导入。", "Import cancelled: finished files were kept, the unfinished one was not imported."),
    ("import_reports", "导入报告", "Import reports"),
    ("kind", "类型", "Kind"),
    ("format", "格式", "Format"),
    ("encoding", "编码", "Encoding"),
    ("read", "读取", "Read"),
    ("imported", "导入", "Imported"),
    ("skipped", "跳过", "Skipped"),
    ("rows", "行", "rows"),
    ("problems", "问题", "Problems"),
    ("more_problems", "另有 {n} 个问题未列出", "{n} more problems not listed"),
    ("line_n", "第 {n} 行：", "Line {n}: "),
    ("fatal", "无法使用此文件", "This file could not be used"),
    ("fix_hint", "已保留所有正确的行；请检查上面列出的行，修正后可重新导入该文件。", "All good rows were kept; check the lines above, fix them and import the file again if needed."),
    ("kind_chats", "聊天记录", "Chats"),
    ("kind_orders", "订单", "Orders"),
    ("kind_ratings", "接待评价", "Ratings"),
    ("kind_unknown", "未识别", "Unknown"),
    ("kind_auto", "自动识别", "Auto-detect"),
    ("reimport_as", "按此类型重新导入：请重新选择该文件", "To re-import as this kind, choose the file again"),
    ("loaded", "已加载", "Loaded"),
    ("shops", "店铺", "Shops"),
    ("agents", "客服", "Agents"),
    ("buyers", "顾客", "Buyers"),
    ("days", "天数", "Days"),
    ("messages", "消息", "Messages"),
    ("orders", "订单", "Orders"),
    ("ratings", "评价", "Ratings"),
    ("span", "数据日期", "Data span"),
    ("empty_state", "还没有数据。拖入导出文件，或点击「加载演示数据」试用。", "No data yet. Drop your export files, or click “Load demo data” to try it."),
    ("tab_overview", "总览", "Overview"),
    ("tab_agents", "客服绩效", "Agents"),
    ("tab_details", "明细", "Details"),
    ("summary_table", "汇总表（按天）", "Summary table (per day)"),
    ("day", "日期", "Date"),
    ("consult_buyers", "咨询人数", "Consultations"),
    ("online_agents", "上线客服数", "Agents online"),
    ("avg_response_secs", "平均响应", "Avg response"),
    ("avg_reception_secs", "平均接待", "Avg reception"),
    ("reception_buyers", "接待人数", "Received"),
    ("unreplied_buyers", "未回复人数", "Unreplied"),
    ("reply_rate", "回复率", "Reply rate"),
    ("rounds", "咨询轮次", "Rounds"),
    ("rounds_3min", "3分钟内响应轮次", "Rounds ≤3 min"),
    ("response_rate_3min", "3分钟人工响应率", "3-min response rate"),
    ("first_response_secs", "首次响应时长", "First response"),
    ("buyer_messages", "买家消息数", "Buyer messages"),
    ("agent_messages", "客服消息数", "Agent messages"),
    ("answer_ratio", "答问比", "Answer ratio"),
    ("inquiry_buyers", "询单人数", "Inquiries"),
    ("ordered_buyers", "下单人数", "Ordered"),
    ("paid_buyers_same_day", "询单当日付款人数", "Paid same day"),
    ("paid_buyers_next_day", "询单次日付款人数", "Paid by next day"),
    ("paid_buyers_final", "询单最终付款人数", "Paid (final)"),
    ("inquiry_conversion_same_day", "询单→当日付款转化率", "Inquiry→paid same day"),
    ("inquiry_conversion_final", "询单→最终付款转化率", "Inquiry→paid (final)"),
    ("sales_conversion", "销售转化率", "Sales conversion"),
    ("sales_amount", "客服销售额", "Sales"),
    ("avg_order_value", "客单价", "Avg order value"),
    ("inquiry_no_order", "询单未下单人数", "Inquired, no order"),
    ("ordered_unpaid", "下单未付款人数", "Ordered, unpaid"),
    ("satisfaction_rate", "满意率", "Satisfaction"),
    ("rating_rate", "评价率", "Rating rate"),
    ("aftersales_buyers", "售后接待人数", "After-sales received"),
    ("first_contact_resolution", "售后首次解决率", "First-contact resolution"),
    ("weekly_reply_rate", "周回复率", "Weekly reply rate"),
    ("daily_chart", "每日咨询人数与上线客服数", "Consultations and agents online per day"),
    ("agent_table", "客服绩效（所选期间）", "Agent performance (selected period)"),
    ("agent_ranking", "客服对比", "Agent comparison"),
    ("metric", "指标", "Metric"),
    ("agent", "客服", "Agent"),
    ("buyer", "顾客", "Buyer"),
    ("time", "时间", "Time"),
    ("detail", "详情", "Detail"),
    ("drill_title", "明细：{metric}（{n} 条）", "Records behind {metric} ({n})"),
    ("open", "查看对话", "Open chat"),
    ("transcript", "对话记录", "Transcript"),
    ("close", "关闭", "Close"),
    ("from", "开始", "From"),
    ("to", "结束", "To"),
    ("yesterday", "昨天", "Yesterday"),
    ("last7", "近7天", "Last 7 days"),
    ("last30", "近30天", "Last 30 days"),
    ("this_month", "本月", "This month"),
    ("all_days", "全部", "All"),
    ("all_agents", "全部客服", "All agents"),
    ("quick_hint", "快捷日期从数据的最后一天往前数", "Quick picks count back from the data's last day"),
    ("error", "出错了", "Something went wrong"),
    ("panic_hint", "应用遇到内部错误。请刷新页面重试；数据没有离开本机。", "The app hit an internal error. Reload the page to try again; your data has not left this machine."),
    ("chart_table", "表格", "Table"),
    ("download_png", "下载 PNG", "Download PNG"),
    ("show_table", "数据表", "Data table"),
    ("all", "全部", "All"),
    ("shop", "店铺", "Shop"),
    ("drill_explorer", "逐级下钻：店铺 → 团队 → 客服 → 日期 → 明细 → 会话", "Drill down: shop → team → agent → day → records → conversation"),
    ("explorer_hint", "点柱子进入下一级；在最后一级（日期）点柱子打开这个数字背后的明细；上方的路径可返回任一级。", "Click a bar to go one level down; at the day level a bar opens the records behind the number; the path above goes back up."),
    ("click_to_drill", "点击下钻", "click to drill down"),
    ("explorer_empty", "当前筛选下这一级没有数据：点上方路径返回上一级，或放宽筛选。", "Nothing at this level for the current filters: go back up with the path above, or widen the filters."),
    ("click_for_list", "点击查看明细", "click for the records"),
    ("by_level", "按{level}", "by {level}"),
    ("list_of", "{metric}明细（{n}条）", "{metric}: {n} records"),
    ("of_previous", "较上一步", "of previous step"),
    ("of_first", "较询单", "of inquiries"),
    ("stage", "环节", "Stage"),
    ("buyer_count", "人数", "Buyers"),
    ("hide_table", "收起数据表", "Hide table"),
    ("trend_chart", "指标趋势（按天）", "Metric trend by day"),
    ("response_histogram", "响应时长分布", "Response-time distribution"),
    ("within_threshold", "阈值内", "Within threshold"),
    ("over_threshold", "超过阈值", "Over threshold"),
    ("histogram_summary", "已回复轮次 {answered}，未回复 {unanswered}，阈值 {thr}", "{answered} answered rounds, {unanswered} unanswered, threshold {thr}"),
    ("response_hist", "响应时长区间", "Response-time range"),
    ("export_csv", "导出 CSV", "Export CSV"),
    ("export_xlsx", "导出 Excel", "Export Excel"),
    ("filter_rows", "筛选行…", "Filter rows…"),
    ("columns", "列", "Columns"),
    ("help", "口径说明", "Definition"),
    ("response_secs", "响应", "Response"),
    ("slow", "慢", "slow"),
    ("auto", "自动回复", "auto-reply"),
    ("system", "系统", "system"),
    ("no_rows", "没有记录", "No records"),
    ("remove", "移除", "Remove"),
    ("accounts", "客服账号、团队与岗位", "Staff accounts, teams and roles"),
    ("accounts_hint", "团队按「团队/小组」填写，可多级；未列出的客服算售前、未分组。修改即时生效。", "Teams as team/group (any depth); unlisted agents are pre-sales and ungrouped. Changes apply at once."),
    ("display_name", "姓名", "Name"),
    ("team_path", "团队/小组", "Team/group"),
    ("accounts_add_seen", "添加已导入数据中的客服", "Add the agents seen in the data"),
    ("tab_teams", "团队", "Teams"),
    ("tab_categories", "咨询类目", "Categories"),
    ("tab_alerts", "质检预警", "Alerts"),
    ("big_screen", "🖥 大屏模式", "🖥 Big screen"),
    ("shop_total", "全店", "Whole shop"),
    ("max_first_response_secs", "首次响应最长", "Longest first response"),
    ("max_response_secs", "最长响应", "Longest response"),
    ("alert_rules", "预警规则", "Alert rules"),
    ("alert_rules_hint", "勾选启用；数字为阈值（秒，或评价分：≤ 该分数预警）。规则保存在设置的 alerts 中，CLI 的 kefu alerts 使用同一设置。", "Tick to enable; numbers are thresholds (seconds, or rating score: alert at or below). Rules live in the settings' alerts, which the CLI's kefu alerts reads too."),
    ("rule", "规则", "Rule"),
    ("count", "次数", "Count"),
    ("all_rules", "全部规则", "All rules"),
    ("rule_wait", "会话等待过久（黄/红，秒）", "Waiting too long (yellow/red, s)"),
    ("rule_wait_yellow", "等待过久（黄）", "Waiting (yellow)"),
    ("rule_wait_red", "等待过久（红）", "Waiting (red)"),
    ("rule_reply_timeout", "回复超时（秒）", "Reply timeout (s)"),
    ("rule_low_rating", "低满意度（分数≤）", "Low rating (score ≤)"),
    ("rule_sensitive", "敏感词", "Sensitive words"),
    ("rule_complaint", "投诉/差评倾向", "Complaint / bad-review intent"),
    ("rule_unpaid", "下单未付款且未催付（秒内）", "Unpaid order without a reminder (within s)"),
    ("excerpt", "摘要", "Excerpt"),
    ("handled", "已处理", "Handled"),
    ("note", "备注", "Note"),
    ("level", "级别", "Level"),
    ("manual_scores", "主管打分项（0–100）", "Manager-scored items (0–100)"),
    ("manual_hint", "工作表现与执行力由主管打分，保存在本机浏览器，可导出。", "Work performance and execution are scored by the manager, kept in this browser, exportable."),
    ("manual_work", "工作表现", "Work performance"),
    ("manual_exec", "执行力", "Execution"),
    ("edit_tree", "编辑类目树", "Edit the category tree"),
    ("edit_tree_hint", "修改名称、代码、关键词（逗号分隔）或正则；+ 添加下级，↑↓ 调整顺序（关键词按树的顺序匹配），× 删除。点「应用」后重新归类，无需重新导入。", "Edit names, codes, keywords (comma separated) or a regex; + adds a child, ↑↓ reorder (keywords match in tree order), × deletes. Apply re-classifies without re-importing."),
    ("keywords", "关键词", "Keywords"),
    ("add_child", "添加下级类目", "Add a child"),
    ("move_up", "上移", "Move up"),
    ("move_down", "下移", "Move down"),
    ("add_root", "添加一级类目", "Add a top-level category"),
    ("outdent", "移到上一级（成为父类目的下一个同级）", "Move up a level"),
    ("indent", "移到下一级（成为前一个同级的子类目）", "Move under the previous sibling"),
    ("tree_seed", "从服装店示例开始", "Start from the clothing-shop example"),
    ("export_tree", "导出类目树", "Export tree"),
    ("import_tree", "导入类目树…", "Import tree…"),
    ("tab_kpi", "KPI考核", "KPI"),
    ("category_code", "类目代码", "Code"),
    ("category_path", "咨询类目", "Category"),
    ("share", "占比", "Share"),
    ("category_tree", "咨询类目汇总（含下级）", "Category tree (with sub-categories)"),
    ("category_hint", "按客服粘贴的类目代码（咨询的内容为1.1.1）归类，没有代码时按关键词；上级类目包含下级。类目树在「设置」的 categories 中编辑。", "Classified by the code staff paste (咨询的内容为1.1.1), else by keywords; parents include children. Edit the tree under Settings → categories."),
    ("category_by_day", "咨询类目汇总表（日 × 类目）", "Categories per day"),
    ("category_stack", "每日咨询类目（一级类目堆叠）", "Categories per day (top level, stacked)"),
    ("category_by_agent", "类目 × 客服", "Category × agent"),
    ("unclassified_by_agent", "未分类会话（按客服）：谁忘了贴类目代码", "Unclassified conversations per agent (codes not pasted)"),
    ("kpi_template", "考核模板（权重与目标可直接修改）", "KPI template (edit weights and targets)"),
    ("kpi_hint", "修改后立即重新评分，不重新读取文件。达成率 = min(1, 实际/目标)（越低越好的指标为 目标/实际）。", "Scores update at once without re-reading files. Attainment = min(1, actual/target), or target/actual for lower-is-better items."),
    ("kpi_seed003", "晋歌默认模板", "Seed-003 template"),
    ("kpi_seed002", "65/25/10 模板（含主管打分项）", "65/25/10 template (with manager-scored items)"),
    ("kpi_scores", "考核得分与排名", "Scores and ranking"),
    ("weight", "权重", "Weight"),
    ("item_score", "加权得分 ", "Weighted "),
    ("active_days", "出勤天数", "Active days"),
    ("score", "得分", " score"),
    ("tier", "达到级别", "Tier reached"),
    ("per_day", "（日均）", " (per day)"),
    ("all_teams", "全部团队", "All teams"),
    ("all_shops", "全部店铺", "All shops"),
    ("staff_online", "各时段在线客服数", "Staff online by hour"),
    ("staff_online_hint", "该时段开始的会话中有人工回复的客服人数：与咨询人数对照，看哪个时段人手不足。", "Agents who replied by hand in conversations starting that hour: compare with consultations to see where staffing falls short."),
    ("role", "岗位", "Role"),
    ("all_roles", "售前+售后", "All roles"),
    ("presales", "售前", "Pre-sales"),
    ("aftersales", "售后", "After-sales"),
    ("vs_prev", "与上一个同长度周期相比", "Compared with the previous period of the same length"),
    ("my_perf", "我的绩效", "My performance"),
    ("rank", "排名", "Rank"),
    ("my_trend", "每日趋势", "Daily trend"),
    ("agent_daily", "客服绩效日报（客服 × 日）", "Daily agent report (agent × day)"),
    ("list_reception", "接待明细", "Receptions"),
    ("list_ratings", "接待评价明细", "Ratings"),
    ("list_over_3min", "3分钟未响应明细", "Rounds not answered within 3 min"),
    ("list_paid", "客服付款明细", "Paid orders credited to agents"),
    ("list_no_order", "询单未下单明细", "Inquiries without an order"),
    ("list_unpaid", "下单未付款明细", "Orders not paid"),
    ("details_hint", "以当前筛选条件（日期、客服）列出；点击「查看对话」打开聊天记录。", "Listed for the current filter (dates, agent); “Open chat” shows the conversation."),
    ("tab_hours", "时段", "Hours"),
    ("tab_conversion", "转化", "Conversion"),
    ("team", "团队", "Team"),
    ("group", "小组", "Group"),
    ("hour", "时段", "Hour"),
    ("weekday", "星期", "Weekday"),
    ("by_team", "按团队", "By team"),
    ("by_group", "按小组", "By group"),
    ("by_group_agent", "小组 × 客服", "Group × agent"),
    ("funnel", "询单 → 下单 → 付款", "Inquiry → order → payment"),
    ("conversion_by_agent", "客服转化明细", "Conversion by agent"),
    ("heatmap", "咨询人数：星期 × 时段", "Consultations: weekday × hour"),
    ("hours_hint", "按会话开始的时段统计；颜色越深咨询越多。点击格子查看明细。", "By the hour a conversation starts; darker = more. Click a cell for its records."),
    ("fails_by_hour", "各时段咨询人数与3分钟未响应轮次", "Consultations and rounds not answered within 3 min, by hour"),
    ("fails_3min", "3分钟未响应轮次", "Rounds over 3 min"),
    ("demo_size", "演示数据规模（消息条数）", "Demo size (messages)"),
    ("settings", "设置", "Settings"),
    ("settings_hint", "设置与 CLI 的 --config 文件同一格式（JSON）。修改后点「应用」即重新计算，无需重新导入文件；设置保存在本机浏览器。", "Same JSON as the CLI's --config file. Apply recomputes without re-reading files; settings are kept in this browser."),
    ("apply", "应用", "Apply"),
    ("export_settings", "导出设置", "Export settings"),
    ("import_settings", "导入设置…", "Import settings…"),
    ("reset_settings", "恢复默认", "Reset to defaults"),
    ("threshold", "响应时长阈值（秒）", "Response threshold (s)"),
    ("closing_filter", "非买家有效消息过滤", "Closing-word filter"),
    ("work_time_all", "每天工作时间", "Work time, every day"),
    ("settings_applied", "设置已应用", "Settings applied"),
    ("settings_bad", "设置有误：", "Settings error: "),
    ("staff_col", "客服账号", "Staff"),
    ("nick", "昵称", "Nick"),
    ("staff_hint", "含冒号的昵称（店铺名:子账号）总是客服；其他昵称勾选后视为客服（主账号）。", "Nicks with a colon (shop:sub) are always staff; tick others to treat them as staff (main account)."),
    ("staff_marking", "文本聊天记录中的昵称：勾选为客服账号", "Nicks in text chat files: tick the staff accounts"),
];

/// What a key missing from the table shows.
pub const MISSING: &str = "⟨?⟩";

pub fn tr(lang: Lang, key: &str) -> &'static str {
    for (k, zh, en) in STRINGS {
        if *k == key {
            return if lang == Lang::Zh { zh } else { en };
        }
    }
    // A missing key shows a fixed mark so it is noticed (never a blank, and
    // nothing is allocated per render); the test below keeps keys complete.
    MISSING
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.rs` file under `dir`.
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    #[test]
    fn every_key_used_in_the_ui_exists_in_both_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut files = Vec::new();
        sources(&dir, &mut files);
        assert!(files.len() > 10, "the UI sources were not found under {}", dir.display());
        // tr(lang, "key"), t(app, "key"), app.t("key"), headers(lang, &["a", "b"])
        let call = regex::Regex::new(r#"\b(?:tr|t)\(\s*[\w.()]+,\s*"([^"]+)"\s*\)|\.t\(\s*"([^"]+)"\s*\)"#).unwrap();
        let list = regex::Regex::new(r#"\bheaders\(\s*\w+,\s*&\[([^\]]*)\]"#).unwrap();
        let lit = regex::Regex::new(r#""([^"]+)""#).unwrap();
        let mut keys = std::collections::BTreeSet::new();
        for f in &files {
            let src = std::fs::read_to_string(f).unwrap();
            for c in call.captures_iter(&src) {
                keys.insert(c.get(1).or(c.get(2)).unwrap().as_str().to_string());
            }
            for c in list.captures_iter(&src) {
                for l in lit.captures_iter(&c[1]) {
                    keys.insert(l[1].to_string());
                }
            }
        }
        assert!(keys.len() > 100, "only {} keys found: the scan is broken", keys.len());
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| !STRINGS.iter().any(|(key, zh, en)| key == k && !zh.is_empty() && !en.is_empty()))
            .collect();
        assert!(missing.is_empty(), "keys used in src/ui but missing in a language: {missing:?}");
    }

    #[test]
    fn keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, _, _) in STRINGS {
            assert!(seen.insert(*k), "duplicate key {k}");
        }
    }

    #[test]
    fn a_missing_key_shows_the_placeholder() {
        assert_eq!(tr(Lang::Zh, "no such key"), MISSING);
        assert_eq!(tr(Lang::En, "no such key"), MISSING);
        assert_eq!(tr(Lang::Zh, "title"), "客服绩效透镜");
        assert_eq!(tr(Lang::En, "title"), "Kefu Lens");
        assert_eq!(Lang::from_code(Lang::En.code()), Lang::En);
        assert_eq!(Lang::from_code("xx"), Lang::Zh);
    }
}
