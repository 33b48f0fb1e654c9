//! Test helper: build a Dataset table-style (agent, buyer, sender set).

use std::collections::BTreeMap;

use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Metrics, Query, Rule};
use kefu_lens::model::{ts_from_ymdhms, Dataset, Message, Order, Rating, Sender, Sym, NO_BLOCK};
use kefu_lens::settings::{Account, Role, Settings};

pub fn ts(s: &str) -> i64 {
    let (d, t) = s.split_once(' ').unwrap();
    let d: Vec<i32> = d.split('-').map(|x| x.parse().unwrap()).collect();
    let t: Vec<u32> = t.split(':').map(|x| x.parse().unwrap()).collect();
    ts_from_ymdhms(d[0], d[1] as u32, d[2] as u32, t[0], t[1], t[2]).unwrap()
}

#[derive(Default)]
pub struct B {
    pub ds: Dataset,
    arena: Option<u32>,
    shop: Option<Sym>,
}

impl B {
    pub fn new() -> B {
        let mut b = B::default();
        b.shop = Some(b.ds.shops.intern("店"));
        b
    }
    pub fn msg(&mut self, agent: &str, buyer: &str, t: &str, sender: Sender, text: &str) -> &mut Self {
        let a = self.ds.nicks.intern(agent);
        let by = self.ds.nicks.intern(buyer);
        let tr = self.ds.push_text(&mut self.arena, text);
        let line = self.ds.messages.len() as u32 + 2;
        self.ds.messages.push(Message {
            ts: ts(t),
            shop: self.shop.unwrap(),
            agent: a,
            buyer: by,
            speaker: if sender == Sender::Buyer { by } else { a },
            sender,
            block: NO_BLOCK,
            text: tr,
            file: 0,
            line,
        });
        self
    }
    /// Buyer message.
    pub fn b(&mut self, agent: &str, buyer: &str, t: &str, text: &str) -> &mut Self {
        self.msg(agent, buyer, t, Sender::Buyer, text)
    }
    /// Staff message (human unless the text starts with an auto marker).
    pub fn a(&mut self, agent: &str, buyer: &str, t: &str, text: &str) -> &mut Self {
        self.msg(agent, buyer, t, Sender::Agent, text)
    }
    pub fn order(&mut self, id: &str, buyer: &str, created: &str, paid: Option<&str>, fen: i64) -> &mut Self {
        let by = self.ds.nicks.intern(buyer);
        self.ds.orders.push(Order {
            id: id.into(),
            shop: self.shop.unwrap(),
            buyer: by,
            created: ts(created),
            paid: paid.map(ts),
            amount_fen: fen,
            status: String::new(),
            title: format!("商品{id}"),
            item_ids: String::new(),
            file: 1,
            line: 2,
            refund_fen: 0,
        });
        self
    }
    pub fn rating(&mut self, agent: &str, buyer: &str, t: &str, score: u8) -> &mut Self {
        let a = self.ds.nicks.intern(agent);
        let by = self.ds.nicks.intern(buyer);
        self.ds.ratings.push(Rating {
            shop: self.shop.unwrap(),
            agent: a,
            buyer: by,
            ts: ts(t),
            score,
            file: 2,
            line: 2,
        });
        self
    }
}

pub fn account(nick: &str, team: &[&str], role: Role) -> Account {
    Account { nick: nick.into(), name: String::new(), team: team.iter().map(|s| s.to_string()).collect(), role }
}

pub fn lunch_settings() -> Settings {
    let mut s = Settings::default();
    for v in s.work_time.values_mut() {
        *v = vec!["09:00-12:00".parse().unwrap(), "13:30-23:00".parse().unwrap()];
    }
    s
}

pub fn key(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The metrics of the row with exactly this key (panics when missing).
pub fn row(e: &Engine, by: &[Dim], k: &[(&str, &str)]) -> Metrics {
    let r = e.report(&Query { rules: vec![], by: by.to_vec(), filter: Filter::default() });
    let want = key(k);
    r.rows
        .into_iter()
        .find(|r| {
            let mut rk = r.key.clone();
            rk.remove("category_path");
            rk == want
        })
        .unwrap_or_else(|| panic!("no row {want:?}"))
        .metrics
}

pub fn total(e: &Engine) -> Metrics {
    e.report(&Query { rules: vec![], by: vec![], filter: Filter::default() }).rows.remove(0).metrics
}

pub const COUNT_METRICS: &[&str] = &[
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "rounds",
    "rounds_3min",
    "buyer_messages",
    "agent_messages",
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_no_order",
    "ordered_unpaid",
    "ratings",
    "very_satisfied",
    "satisfied",
    "neutral",
    "dissatisfied",
    "very_dissatisfied",
    "aftersales_buyers",
    "reconsult_buyers",
    "weekly_sessions",
    "weekly_replied",
    "weekly_assessed",
    "weekly_passed",
    // spec §3.1 (agent_chars counts characters, not the messages it lists)
    "slow_response_buyers",
    "long_reception_buyers",
    "buyer_initiated_buyers",
    "agent_followup_buyers",
    "effective_reception_buyers",
    "total_messages",
    "kuaishou_buyers",
    "kuaishou_failed_buyers",
    "pdd_buyers",
    "pdd_valid_buyers",
    "xhs_sessions",
    "xhs_replied_sessions",
    "rules_disagree_buyers",
    "auto_replied_buyers",
    "auto_intercepted_buyers",
    "auto_to_human_buyers",
    // 催付 (issue 14 item 3)
    "cuifu_orders",
    "cuifu_covered",
    "cuifu_paid",
    "cuifu_missed",
    "product_consult_buyers",
    "product_inquiry_buyers",
    "product_order_buyers",
    "product_paid_buyers",
    "product_recommended",
    "product_recommended_paid",
];

/// For every row of the grouping and every count metric, drill rows == value.
pub fn check_drill_counts(e: &Engine, ds: &Dataset, by: &[Dim], filter: &Filter) -> usize {
    let r = e.report(&Query { rules: Rule::ALL.to_vec(), by: by.to_vec(), filter: filter.clone() });
    let mut checked = 0;
    for row in &r.rows {
        let v = serde_json::to_value(&row.metrics).unwrap();
        for m in COUNT_METRICS {
            let want = v[*m].as_u64().unwrap();
            let d = e.drill(ds, &DrillRequest { filter: filter.clone(), key: row.key.clone(), metric: m.to_string() });
            assert_eq!(d.rows.len() as u64, want, "drill {m} for {:?} by {by:?}", row.key);
            checked += 1;
        }
        // 3分钟未响应明细: exactly rounds − rounds_3min records.
        let over = e.drill(
            ds,
            &DrillRequest { filter: filter.clone(), key: row.key.clone(), metric: "rounds_over_3min".into() },
        );
        assert_eq!(
            over.rows.len() as u64,
            row.metrics.rounds - row.metrics.rounds_3min,
            "rounds_over_3min for {:?}",
            row.key
        );
    }
    checked
}

pub fn settings_with(accounts: Vec<Account>) -> Settings {
    Settings { accounts, ..Settings::default() }
}

/// The category tree of spec §7's settings example (售前咨询 › 商品咨询 ›
/// 商品尺寸 / 商品质量, 售后 › 退换货), keywords and a regex.
pub fn spec_category_settings() -> Settings {
    Settings::from_json(
        r#"{"categories": [
        {"code": "1", "name": "售前咨询", "children": [
          {"code": "1.1", "name": "商品咨询", "children": [
            {"code": "1.1.1", "name": "商品尺寸", "keywords": ["尺码", "尺寸"]},
            {"code": "1.1.2", "name": "商品质量", "regex": "质量|色差"}]}]},
        {"code": "2", "name": "售后", "children": [
          {"code": "2.1", "name": "退换货", "keywords": ["退货", "换货"]}]}]}"#,
    )
    .unwrap()
}
