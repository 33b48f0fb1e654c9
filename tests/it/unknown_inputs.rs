//! Spec §3 ("rates of an empty denominator are null"): without any order
//! file the conversion rates and the sales amount are unknown, not 0; without
//! any ratings file the rating rate is. With the files loaded, a shop that
//! sold nothing reads 0.

use crate::support::engine::*;
use kefu_lens::engine::Engine;
use kefu_lens::settings::Settings;

fn chats() -> B {
    let mut b = B::new();
    b.b("店:01", "甲", "2024-06-03 10:00:00", "有货吗").a("店:01", "甲", "2024-06-03 10:01:00", "有");
    b.b("店:01", "乙", "2024-06-03 11:00:00", "能便宜吗").a("店:01", "乙", "2024-06-03 11:02:00", "不能");
    b
}

#[test]
fn without_orders_or_ratings_the_rates_are_unknown() {
    let b = chats();
    let e = Engine::new(&b.ds, &Settings::default());
    let m = total(&e);
    assert_eq!((m.inquiry_buyers, m.reception_buyers), (2, 2));
    assert_eq!(m.inquiry_conversion_same_day, None);
    assert_eq!(m.inquiry_conversion_final, None);
    assert_eq!(m.sales_conversion, None);
    assert_eq!(m.sales_amount, None);
    assert_eq!(m.avg_order_value, None);
    assert_eq!(m.rating_rate, None);
    assert_eq!(m.satisfaction_rate, None);
    // The service rates do not depend on those files.
    assert_eq!(m.reply_rate, Some(1.0));
}

#[test]
fn with_the_files_loaded_nothing_sold_reads_zero() {
    let mut b = chats();
    // An order of someone who never chatted, a rating for 甲.
    b.order("O9", "丙", "2024-06-03 12:00:00", Some("2024-06-03 12:01:00"), 9900);
    b.rating("店:01", "甲", "2024-06-03 10:05:00", 5);
    let e = Engine::new(&b.ds, &Settings::default());
    let m = total(&e);
    assert_eq!(m.inquiry_conversion_same_day, Some(0.0));
    assert_eq!(m.sales_conversion, Some(0.0));
    assert_eq!(m.sales_amount, Some(0.0));
    assert_eq!(m.avg_order_value, None, "no paid buyer: an empty denominator");
    assert_eq!(m.rating_rate, Some(0.5));
    assert_eq!(m.satisfaction_rate, Some(1.0));
}
