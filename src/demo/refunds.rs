//! The demo shop's 退款管理 export (issue 14 item 2): refund applications
//! for a few of the paid orders of the demo's order export, in the export's
//! own columns (the subset `import/formats.rs` reads), so trainers see 退款率
//! and 首次品退率 on the demo. Chosen from the order file by a hash of the
//! order number, so the same demo gives the same refunds.

use std::fmt::Write;

use chrono::{Duration, NaiveDateTime};

pub const REFUNDS_CSV: &str = "退款管理.csv";

/// Reasons as the export writes them; the first three are quality reasons
/// under the default `refunds.quality_reasons`.
const REASONS: [&str; 6] = [
    "质量问题",
    "做工粗糙/有瑕疵",
    "颜色/图案/款式与商品描述不符",
    "7天无理由退换货",
    "尺码拍错/不喜欢/效果不好",
    "多拍/拍错/不想要",
];

fn hash(s: &str) -> u64 {
    // FNV-1a: stable across runs and platforms.
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The order export's cell without Excel's `="…"` wrapper.
fn clean(s: &str) -> &str {
    s.trim().trim_start_matches("=\"").trim_end_matches('"').trim()
}

/// One application per chosen paid order (about one in twelve), a second
/// application for some of them (the first one closed): from the order
/// export's bytes (GB18030, as the demo writes it).
pub fn refund_export(orders_csv: &[u8]) -> Vec<u8> {
    let (text, _, _) = encoding_rs::GB18030.decode(orders_csv);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let head: Vec<String> = rdr.headers().map(|h| h.iter().map(|c| c.trim().to_string()).collect()).unwrap_or_default();
    let col = |n: &str| head.iter().position(|h| h == n);
    let (Some(id), Some(buyer), Some(paid), Some(amount), Some(title)) =
        (col("订单编号"), col("买家会员名"), col("订单付款时间"), col("买家实际支付金额"), col("宝贝标题"))
    else {
        return Vec::new();
    };
    let mut out = String::from(
        "订单编号,退款编号,买家会员名称,宝贝标题,买家实际支付金额,买家退款金额,退款的申请时间,退款状态,买家退款原因\n",
    );
    let mut n = 0u64;
    for rec in rdr.records().filter_map(Result::ok) {
        let get = |i: usize| rec.get(i).map(clean).unwrap_or("");
        let (oid, paid_at) = (get(id), get(paid));
        let Ok(paid_at) = NaiveDateTime::parse_from_str(paid_at, "%Y-%m-%d %H:%M:%S") else { continue };
        let h = hash(oid);
        if !h.is_multiple_of(12) {
            continue;
        }
        let Ok(pay) = get(amount).parse::<f64>() else { continue };
        let reason = REASONS[(h / 12 % REASONS.len() as u64) as usize];
        let applied = paid_at + Duration::hours(20 + (h / 97 % 100) as i64);
        // Some buyers first ask for part of the money back and are refused,
        // then apply again for all of it.
        let refund = if (h / 7).is_multiple_of(4) { pay / 2.0 } else { pay };
        let status = if (h / 11).is_multiple_of(6) { "退款关闭" } else { "退款成功" };
        n += 1;
        let _ = writeln!(
            out,
            "{oid},R{n:08},{},\"{}\",{pay:.2},{refund:.2},{},{status},{reason}",
            get(buyer),
            get(title).replace('"', "'"),
            applied.format("%Y-%m-%d %H:%M:%S")
        );
        if status == "退款关闭" {
            n += 1;
            let again = applied + Duration::hours(30);
            let _ = writeln!(
                out,
                "{oid},R{n:08},{},\"{}\",{pay:.2},{pay:.2},{},退款成功,{}",
                get(buyer),
                get(title).replace('"', "'"),
                again.format("%Y-%m-%d %H:%M:%S"),
                REASONS[3]
            );
        }
    }
    out.into_bytes()
}
