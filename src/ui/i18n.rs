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
    ("daily_chart", "每日咨询人数与接待人数", "Consultations and receptions per day"),
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
    ("export_csv", "导出 CSV", "Export CSV"),
    ("help", "口径说明", "Definition"),
    ("response_secs", "响应", "Response"),
    ("slow", "慢", "slow"),
    ("auto", "自动回复", "auto-reply"),
    ("system", "系统", "system"),
    ("no_rows", "没有记录", "No records"),
    ("remove", "移除", "Remove"),
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

pub fn tr(lang: Lang, key: &str) -> &'static str {
    for (k, zh, en) in STRINGS {
        if *k == key {
            return if lang == Lang::Zh { zh } else { en };
        }
    }
    // A missing key shows itself so it is noticed, never a blank.
    Box::leak(key.to_string().into_boxed_str())
}
