//! Static tables of the demo shop 透镜旗舰店: staff, category tree with the
//! chat texts of each leaf, products and buyer-nick parts.

use crate::settings::Role;

pub const SHOP: &str = "透镜旗舰店";

pub struct AgentDef {
    /// Part after the colon of the sub-account nick.
    pub sub: &'static str,
    pub name: &'static str,
    pub team: &'static [&'static str],
    pub role: Role,
    /// Mean human response time in seconds (exponential-ish).
    pub mean_resp: f64,
    /// Probability the agent forgets to paste the category code.
    pub forget_code: f64,
    /// Relative share of chats.
    pub weight: f64,
    /// Shift hours [from, to).
    pub shift: (u32, u32),
    /// Weekday off (0 = Monday), or 7 = none.
    pub day_off: u32,
    /// Probability an order follows a pre-sales chat.
    pub sales: f64,
}

const PRE1: &[&str] = &["售前部", "售前一组"];
const PRE2: &[&str] = &["售前部", "售前二组"];
const AFTER: &[&str] = &["售后部", "售后组"];

#[rustfmt::skip]
pub const AGENTS: &[AgentDef] = &[
    AgentDef { sub: "小美", name: "李美", team: PRE1, role: Role::Presales, mean_resp: 12.0, forget_code: 0.05, weight: 1.3, shift: (9, 18), day_off: 2, sales: 0.50 },
    AgentDef { sub: "小雨", name: "陈雨", team: PRE1, role: Role::Presales, mean_resp: 18.0, forget_code: 0.10, weight: 1.1, shift: (14, 24), day_off: 3, sales: 0.44 },
    AgentDef { sub: "阿杰", name: "王杰", team: PRE1, role: Role::Presales, mean_resp: 25.0, forget_code: 0.60, weight: 1.0, shift: (9, 24), day_off: 4, sales: 0.40 },
    AgentDef { sub: "小鹿", name: "赵璐", team: PRE1, role: Role::Presales, mean_resp: 9.0, forget_code: 0.08, weight: 1.2, shift: (14, 24), day_off: 0, sales: 0.47 },
    AgentDef { sub: "糖糖", name: "孙甜", team: PRE1, role: Role::Presales, mean_resp: 35.0, forget_code: 0.15, weight: 0.9, shift: (9, 18), day_off: 6, sales: 0.36 },
    AgentDef { sub: "小林", name: "林晓", team: PRE2, role: Role::Presales, mean_resp: 15.0, forget_code: 0.12, weight: 1.1, shift: (9, 18), day_off: 5, sales: 0.45 },
    AgentDef { sub: "橙子", name: "周橙", team: PRE2, role: Role::Presales, mean_resp: 28.0, forget_code: 0.55, weight: 1.0, shift: (14, 24), day_off: 1, sales: 0.38 },
    AgentDef { sub: "大卫", name: "吴卫", team: PRE2, role: Role::Presales, mean_resp: 110.0, forget_code: 0.20, weight: 0.8, shift: (9, 24), day_off: 2, sales: 0.28 },
    AgentDef { sub: "静静", name: "郑静", team: PRE2, role: Role::Presales, mean_resp: 70.0, forget_code: 0.10, weight: 0.9, shift: (14, 24), day_off: 4, sales: 0.33 },
    AgentDef { sub: "阿朵", name: "冯朵", team: PRE2, role: Role::Presales, mean_resp: 20.0, forget_code: 0.07, weight: 1.0, shift: (9, 18), day_off: 0, sales: 0.42 },
    AgentDef { sub: "小安", name: "何安", team: AFTER, role: Role::Aftersales, mean_resp: 22.0, forget_code: 0.08, weight: 1.1, shift: (9, 18), day_off: 6, sales: 0.0 },
    AgentDef { sub: "晓峰", name: "许峰", team: AFTER, role: Role::Aftersales, mean_resp: 30.0, forget_code: 0.50, weight: 1.0, shift: (9, 24), day_off: 3, sales: 0.0 },
    AgentDef { sub: "婷婷", name: "曹婷", team: AFTER, role: Role::Aftersales, mean_resp: 16.0, forget_code: 0.10, weight: 1.0, shift: (14, 24), day_off: 1, sales: 0.0 },
    AgentDef { sub: "阿宁", name: "邓宁", team: AFTER, role: Role::Aftersales, mean_resp: 130.0, forget_code: 0.25, weight: 0.7, shift: (9, 18), day_off: 5, sales: 0.0 },
    AgentDef { sub: "小周", name: "周舟", team: AFTER, role: Role::Aftersales, mean_resp: 40.0, forget_code: 0.12, weight: 0.9, shift: (14, 24), day_off: 7, sales: 0.0 },
];

/// One node of the clothing-shop category tree (seed 003).
pub struct Cat {
    pub code: &'static str,
    pub name: &'static str,
    pub keywords: &'static [&'static str],
    pub regex: Option<&'static str>,
    /// Leaves only: share of chats of its role, and chat texts.
    pub leaf: Option<Leaf>,
}

pub struct Leaf {
    pub role: Role,
    pub weight: f64,
    /// First question of the buyer (contains a keyword of the node).
    pub ask: &'static [&'static str],
    /// Further buyer questions on the same topic.
    pub follow: &'static [&'static str],
    /// Staff answers.
    pub answer: &'static [&'static str],
    /// Order placed before the chat (shipping questions).
    pub order_before: f64,
}

const fn node(code: &'static str, name: &'static str) -> Cat {
    Cat { code, name, keywords: &[], regex: None, leaf: None }
}

#[rustfmt::skip]
pub const CATS: &[Cat] = &[
    node("1", "售前咨询"),
    node("1.1", "商品咨询"),
    Cat { code: "1.1.1", name: "商品尺寸", keywords: &["尺码", "尺寸", "码数", "什么码"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 30.0, order_before: 0.0,
        ask: &["我身高165体重110斤穿什么码？", "这款尺码偏大还是偏小？", "158cm 95斤，拍S码合适吗", "平时穿M的，这件尺寸要拍大一码吗", "腰围2尺1穿什么码数"],
        follow: &["那肩宽多少呢", "裤长多少厘米", "胸围有多大", "我有点胖，肚子有肉能穿吗"],
        answer: &["亲，参考尺码表哦：\nS码 身高155-160 体重85-95斤\nM码 身高160-165 体重95-105斤\nL码 身高165-170 体重105-120斤", "亲，按您的身高体重建议拍M码哦，版型是正常码", "这款版型偏宽松，按平时尺码拍就可以的亲", "亲，肩宽38cm，衣长62cm，有1-2cm误差哦", "亲，这款腰部有松紧，微胖的亲也可以穿的"],
    }) },
    Cat { code: "1.1.2", name: "商品质量/色差", keywords: &[], regex: Some("质量|色差|掉色|起球"), leaf: Some(Leaf {
        role: Role::Presales, weight: 14.0, order_before: 0.0,
        ask: &["这件衣服质量怎么样？会起球吗", "实物有色差吗？", "洗了会掉色吗", "面料质量好不好呀，薄不薄"],
        follow: &["透不透", "会缩水吗", "白色的会不会透"],
        answer: &["亲，我们家都是实物拍摄的，可能因显示器不同有轻微色差哦", "亲，面料经过预缩处理，正常洗涤不会起球掉色的", "亲放心，质量都是经过质检才发出的，收到不满意支持7天无理由退换"],
    }) },
    Cat { code: "1.1.3", name: "面料材质", keywords: &["面料", "材质", "纯棉", "成分"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 10.0, order_before: 0.0,
        ask: &["这个是什么面料的", "是纯棉的吗？", "材质成分是什么", "夏天穿热不热，面料透气吗"],
        follow: &["需要干洗吗", "能机洗吗", "有弹性吗"],
        answer: &["亲，这款是95%棉5%氨纶，柔软透气哦", "亲，可以机洗的，建议反面冷水轻柔洗涤", "亲，面料是天丝混纺，垂感好，夏天穿很凉快的"],
    }) },
    Cat { code: "1.1.4", name: "库存现货", keywords: &["现货", "有货", "库存", "补货"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 9.0, order_before: 0.0,
        ask: &["黑色M码还有现货吗", "这个颜色什么时候补货", "L码没有货了吗", "白色还有库存吗"],
        follow: &["大概要等几天", "能帮我预留一件吗"],
        answer: &["亲，页面能拍的都是有现货的哦", "亲，这个颜色预计3-5天补货，可以先拍下，到货第一时间发出", "亲，L码目前缺货，可以看下同款的杏色哦"],
    }) },
    node("1.2", "活动优惠"),
    Cat { code: "1.2.1", name: "优惠券", keywords: &["优惠券", "领券", "券"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 10.0, order_before: 0.0,
        ask: &["有优惠券吗", "店铺券怎么领", "这个券为什么用不了", "新人有券吗"],
        follow: &["能再便宜点吗", "下单的时候自动用券吗"],
        answer: &["亲，店铺首页可以领取满199减20的优惠券哦", "亲，下单时会自动抵扣已领取的优惠券的", "亲，这个券是指定商品使用的，这款不参加哦"],
    }) },
    Cat { code: "1.2.2", name: "满减包邮", keywords: &["满减", "包邮", "活动"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 8.0, order_before: 0.0,
        ask: &["包邮吗？", "现在有什么活动", "满减怎么算的", "买两件有活动吗"],
        follow: &["偏远地区包邮吗", "活动到什么时候"],
        answer: &["亲，全店满99包邮哦（新疆西藏除外）", "亲，现在店铺活动满300减30，可以和店铺券叠加使用", "亲，活动截止到本周日24点哦"],
    }) },
    Cat { code: "1.2.3", name: "会员赠品", keywords: &["会员", "赠品", "积分"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 4.0, order_before: 0.0,
        ask: &["会员有折扣吗", "买这个送赠品吗", "积分怎么用"],
        follow: &["怎么入会"],
        answer: &["亲，入会可享95折，还有生日礼哦", "亲，现在下单送同款收纳袋一个，送完即止"],
    }) },
    node("1.3", "下单发货"),
    Cat { code: "1.3.1", name: "发货时间", keywords: &["什么时候发", "几天发", "发货"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 9.0, order_before: 0.5,
        ask: &["今天拍能发货吗", "什么时候发货呀", "拍了几天发？急用", "下午拍的今天能发吗"],
        follow: &["几天能到上海", "能加急吗"],
        answer: &["亲，下午4点前付款当天发货，之后次日发出哦", "亲，正常48小时内发货，一般2-3天就到了", "亲，已经帮您备注加急了哦"],
    }) },
    Cat { code: "1.3.2", name: "快递选择", keywords: &["快递", "顺丰", "中通", "圆通"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 4.0, order_before: 0.3,
        ask: &["发什么快递", "能发顺丰吗", "可以指定快递吗"],
        follow: &["顺丰要补多少钱"],
        answer: &["亲，默认发圆通和中通哦，顺丰需要补差价10元", "亲，可以备注快递，我们尽量安排"],
    }) },
    Cat { code: "1.3.3", name: "修改订单", keywords: &["改地址", "修改地址", "备注", "改一下"], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 4.0, order_before: 0.9,
        ask: &["刚拍的能改地址吗", "帮我改一下颜色，拍错了", "订单可以备注吗"],
        follow: &["改好了吗"],
        answer: &["亲，把新地址发我，我这边帮您修改哦", "亲，已经帮您修改好了，请核对一下哦", "亲，已经备注好了"],
    }) },
    node("2", "售后"),
    node("2.1", "退换货"),
    Cat { code: "2.1.1", name: "退货退款", keywords: &["退货", "退款", "不想要"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 26.0, order_before: 0.0,
        ask: &["衣服不合适，想退货", "我申请了退款，什么时候到账", "不想要了，怎么退", "退货运费谁出"],
        follow: &["退货地址发我一下", "运费险能赔多少", "已经寄回了，单号填好了"],
        answer: &["亲，在订单页面申请退货退款就可以，我这边马上同意", "亲，我们收到退货后24小时内处理退款哦", "亲，您有运费险，退回的运费会自动理赔的", "亲，退货地址：浙江省杭州市余杭区仓前街道透镜仓库 收件人 售后部"],
    }) },
    Cat { code: "2.1.2", name: "换货换码", keywords: &["换货", "换码", "换一个", "换大"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 18.0, order_before: 0.0,
        ask: &["码数小了，能换大一码吗", "想换个颜色可以吗", "换货怎么操作"],
        follow: &["换的什么时候寄出", "来回运费怎么算"],
        answer: &["亲，可以的，申请换货填写要换的尺码就可以", "亲，收到您寄回的包裹后当天给您寄出新的哦", "亲，换货首重运费我们承担的"],
    }) },
    node("2.2", "物流查询"),
    Cat { code: "2.2.1", name: "物流进度", keywords: &["物流", "到哪了", "单号", "还没到"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 22.0, order_before: 0.0,
        ask: &["我的快递到哪了", "物流好几天没动了", "怎么还没到啊", "查一下单号"],
        follow: &["能帮我催一下吗", "会不会丢了"],
        answer: &["亲，帮您查了，包裹已到达当地网点，今天会派送的", "亲，已经帮您联系快递催件了，请耐心等待", "亲，物流显示在转运中，预计明天到哦"],
    }) },
    Cat { code: "2.2.2", name: "催发货", keywords: &["催", "还没发", "怎么还不发"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 10.0, order_before: 0.0,
        ask: &["拍了三天了怎么还没发货", "催一下发货", "还没发吗？急"],
        follow: &["今天一定能发吗"],
        answer: &["亲，非常抱歉，订单量较大，已经帮您加急今天发出", "亲，已经催仓库了，今天下班前一定发出"],
    }) },
    node("2.3", "质量投诉"),
    Cat { code: "2.3.1", name: "破损瑕疵", keywords: &["瑕疵", "破洞", "线头", "污渍", "开线"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 10.0, order_before: 0.0,
        ask: &["收到的衣服有破洞", "袖口开线了", "衣服上有污渍", "有好多线头"],
        follow: &["图片发你了", "能补偿吗"],
        answer: &["亲，非常抱歉给您带来不便，麻烦拍张照片给我看一下", "亲，给您补偿10元红包可以吗？或者直接退换", "亲，已经登记了，给您安排换新"],
    }) },
    Cat { code: "2.3.2", name: "发错漏发", keywords: &["发错", "少发", "漏发"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 5.0, order_before: 0.0,
        ask: &["颜色发错了", "买了两件只收到一件，少发了", "尺码发错了"],
        follow: &["什么时候补发"],
        answer: &["亲，非常抱歉，马上给您补发，今天发出", "亲，麻烦寄回，我们重新给您发正确的，运费我们承担"],
    }) },
    node("3", "其它"),
    Cat { code: "3.1", name: "发票", keywords: &["发票", "开票"], regex: None, leaf: Some(Leaf {
        role: Role::Aftersales, weight: 4.0, order_before: 0.0,
        ask: &["能开发票吗", "电子发票怎么开"],
        follow: &["抬头写公司可以吗"],
        answer: &["亲，可以的，确认收货后在订单里申请电子发票就可以", "亲，可以开公司抬头，提供税号就行"],
    }) },
    Cat { code: "3.2", name: "其它咨询", keywords: &[], regex: None, leaf: Some(Leaf {
        role: Role::Presales, weight: 3.0, order_before: 0.0,
        ask: &["你们实体店在哪里", "可以直播看看吗", "你们是厂家吗"],
        follow: &["好吧"],
        answer: &["亲，我们是线上旗舰店，暂时没有实体店哦", "亲，每晚8点直播间有上新讲解，欢迎来看哦"],
    }) },
];

pub struct Product {
    pub title: &'static str,
    pub price_fen: i64,
    pub item_id: u64,
}

#[rustfmt::skip]
pub const PRODUCTS: &[Product] = &[
    Product { title: "透镜2024夏季新款纯棉短袖T恤女宽松显瘦百搭上衣", price_fen: 8900, item_id: 678_912_345_601 },
    Product { title: "透镜法式碎花连衣裙女夏收腰显瘦中长款裙子", price_fen: 25900, item_id: 678_912_345_602 },
    Product { title: "透镜高腰阔腿牛仔裤女垂感直筒拖地裤", price_fen: 16900, item_id: 678_912_345_603 },
    Product { title: "透镜冰丝防晒衣女长袖薄款外套UPF50+", price_fen: 12900, item_id: 678_912_345_604 },
    Product { title: "透镜真丝衬衫女长袖设计感小众上衣", price_fen: 59900, item_id: 678_912_345_605 },
    Product { title: "透镜休闲运动套装女夏季两件套", price_fen: 21900, item_id: 678_912_345_606 },
    Product { title: "透镜雪纺半身裙女A字中长款", price_fen: 13900, item_id: 678_912_345_607 },
    Product { title: "透镜男士商务休闲POLO衫短袖翻领", price_fen: 15900, item_id: 678_912_345_608 },
    Product { title: "透镜亚麻西装外套女薄款夏季", price_fen: 39900, item_id: 678_912_345_609 },
    Product { title: "透镜针织开衫女短款外搭空调衫", price_fen: 11900, item_id: 678_912_345_610 },
    Product { title: "透镜工装短裤女夏宽松五分裤", price_fen: 9900, item_id: 678_912_345_611 },
    Product { title: "透镜新中式盘扣马面裙改良日常", price_fen: 45900, item_id: 678_912_345_612 },
];

pub const GREET_BUYER: &[&str] = &["在吗", "你好", "亲，在吗？", "客服在吗", "hello", "在不在", "你好，问一下"];
pub const CLOSING_BUYER: &[&str] =
    &["好的", "谢谢", "嗯嗯", "好的谢谢", "好滴", "ok", "谢谢你", "知道了", "👌", "好", "收到", "好的，我拍了"];
pub const GENERIC_FOLLOW: &[&str] = &["还有别的颜色吗", "这个是新款吗", "和图片一样吗", "好看吗", "适合多大年龄穿"];
pub const GENERIC_ANSWER: &[&str] = &[
    "亲，有黑白杏三个颜色可选哦",
    "是的亲，今年新款",
    "亲，实物和图片一致的，放心购买",
    "亲，很百搭的，上身效果很好哦",
];
pub const BUYER_WAIT: &[&str] = &["在吗？？", "人呢", "有人吗", "？"];
pub const AGENT_CLOSING: &[&str] = &[
    "亲，不客气，这是我应该做的，欢迎您下次再光临我们的店铺。",
    "感谢亲的支持，有问题随时联系我们哦~",
    "不客气亲，祝您生活愉快！",
];
pub const AUTO_REPLY: &str = "[自动回复]您好，欢迎光临透镜旗舰店，客服正在赶来，请稍候~";
pub const AUTO_NIGHT: &str = "[自动回复]亲，现在是非工作时间（工作时间09:00-24:00），请留言，客服上班后第一时间回复您";

pub const NICK_PREFIX: &[&str] = &[
    "tb",
    "t_",
    "小猫爱吃鱼",
    "sunny",
    "爱美的",
    "lily",
    "奶茶不加糖",
    "阿花",
    "jack",
    "momo",
    "快乐的",
    "星星",
    "zhang",
    "wang",
    "橘子汽水",
    "小王子",
    "cherry",
    "雨后",
    "tt",
    "木木",
];

pub const PROVINCES: &[&str] = &[
    "浙江省 杭州市 西湖区",
    "上海 上海市 浦东新区",
    "广东省 深圳市 南山区",
    "北京 北京市 朝阳区",
    "江苏省 南京市 鼓楼区",
    "四川省 成都市 武侯区",
    "湖北省 武汉市 洪山区",
    "山东省 济南市 历下区",
    "福建省 厦门市 思明区",
    "河南省 郑州市 金水区",
];
pub const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙"];
pub const CARRIERS: &[(&str, &str)] = &[("圆通速递", "YT"), ("中通快递", "7"), ("韵达快递", "43"), ("顺丰速运", "SF")];
pub const BUYER_NOTES: &[&str] = &["尽快发货，谢谢", "不要放发票", "请用纸箱包装", "周末不在家，请放快递柜"];
pub const SELLER_NOTES: &[&str] = &["已备注加急", "顺丰补差价10元", "送收纳袋", "客服改地址"];
