-- conv_facts: one row per conversation-day that reports count (it has a
-- non-system message or a rating), with everything the metrics of spec
-- §3–§6 need from the five tables. The per-group queries (agent_day.sql,
-- shop.sql) only group, merge buyer-days and divide.
-- Standard SQL that DuckDB and Spark SQL both run; the tables are views
-- over the Parquet files (see docs/scale-out.md, "Reading the files").
CREATE OR REPLACE TEMPORARY VIEW conv_facts AS
WITH
msg AS (                       -- spec §2: consult, valid, human; §3 message counts
  SELECT agent, buyer, day,
         SUM(CASE WHEN sender = 'buyer' THEN 1 ELSE 0 END) AS n_buyer,
         SUM(CASE WHEN valid THEN 1 ELSE 0 END) AS n_valid,
         SUM(CASE WHEN human THEN 1 ELSE 0 END) AS n_human,
         -- 接待时长 span: first to last buyer or human message (calendar)
         MAX(CASE WHEN sender = 'buyer' OR human THEN ts END)
           - MIN(CASE WHEN sender = 'buyer' OR human THEN ts END) AS span_secs,
         -- §3.1 总消息数 (buyer, human and auto) and 客服字数 (human only)
         SUM(CASE WHEN sender <> 'system' THEN 1 ELSE 0 END) AS n_total,
         SUM(CASE WHEN human THEN chars ELSE 0 END) AS n_chars,
         MIN(CASE WHEN sender <> 'system' THEN seq END) AS first_seq
  FROM messages
  GROUP BY agent, buyer, day
),
opener AS (                    -- §3.1: the first non-system message is a human one (客服主动跟进)
  SELECT m.agent, m.buyer, m.day, m.human
  FROM messages m
  JOIN msg ON m.agent = msg.agent AND m.buyer = msg.buyer AND m.day = msg.day AND m.seq = msg.first_seq
),
rnd AS (                       -- spec §2 rounds: only those opened in work time count
  SELECT agent, buyer, day,
         COUNT(*) AS n_rounds,
         SUM(CASE WHEN within_threshold THEN 1 ELSE 0 END) AS n_within,
         SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS n_answered,
         SUM(response_secs) AS resp_sum,
         SUM(response_calendar_secs) AS resp_cal_sum,
         MAX(response_secs) AS resp_max,
         MIN(seq) AS first_seq
  FROM rounds
  WHERE counted
  GROUP BY agent, buyer, day
),
first_round AS (               -- the first counted round of each conversation-day
  SELECT r.agent, r.buyer, r.day, r.answered, r.response_secs, r.response_calendar_secs
  FROM rounds r
  JOIN rnd ON r.agent = rnd.agent AND r.buyer = rnd.buyer AND r.day = rnd.day AND r.seq = rnd.first_seq
),
ord AS (                       -- spec §4: orders credited to this conversation-day
  SELECT credited_agent AS agent, buyer, inquiry_day AS day,
         MAX(CASE WHEN paid_same_day THEN 1 ELSE 0 END) AS paid_same,
         MAX(CASE WHEN paid_next_day THEN 1 ELSE 0 END) AS paid_next,
         MAX(CASE WHEN paid_final THEN 1 ELSE 0 END) AS paid_final,
         SUM(CASE WHEN paid_final THEN amount_fen ELSE 0 END) AS sales_fen,
         -- issue 14 item 2: refunds count on the sales orders only
         SUM(CASE WHEN paid_final THEN 1 ELSE 0 END) AS sales_orders,
         SUM(CASE WHEN paid_final AND refund_fen > 0 THEN 1 ELSE 0 END) AS refund_orders,
         SUM(CASE WHEN paid_final THEN refund_fen ELSE 0 END) AS refund_fen,
         SUM(CASE WHEN paid_final AND quality_refund THEN 1 ELSE 0 END) AS quality_refund_orders
  FROM orders
  WHERE attributed
  GROUP BY credited_agent, buyer, inquiry_day
),
asr AS (                       -- orders whose first refund application followed this after-sales day
  SELECT aftersales_agent AS agent, buyer, aftersales_day AS day, COUNT(*) AS aftersales_refund_orders
  FROM orders
  WHERE aftersales_agent IS NOT NULL
  GROUP BY aftersales_agent, buyer, aftersales_day
),
flags AS (
  SELECT c.agent, c.buyer, c.day, c.week, COALESCE(c.shop, '') AS shop, c.team, c.team_group,
         c.role, c.session, c.rating, c.reception_work_secs,
         COALESCE(m.n_valid, 0) AS n_valid,
         COALESCE(m.n_human, 0) AS n_human,
         CASE WHEN COALESCE(m.n_buyer, 0) > 0 THEN 1 ELSE 0 END AS consult,
         CASE WHEN COALESCE(m.n_valid, 0) > 0 THEN 1 ELSE 0 END AS valid,
         CASE WHEN COALESCE(m.n_human, 0) > 0 THEN 1 ELSE 0 END AS human,
         m.span_secs, COALESCE(m.n_total, 0) AS n_total, COALESCE(m.n_chars, 0) AS n_chars,
         CASE WHEN op.human THEN 1 ELSE 0 END AS followup,
         r.n_rounds, r.n_within, r.n_answered, r.resp_sum, r.resp_cal_sum, r.resp_max,
         f.answered AS first_answered, f.response_secs AS first_secs,
         f.response_calendar_secs AS first_cal_secs,
         CASE WHEN o.agent IS NULL THEN 0 ELSE 1 END AS ordered,
         o.paid_same, o.paid_next, o.paid_final, o.sales_fen,
         o.sales_orders, o.refund_orders, o.refund_fen, o.quality_refund_orders,
         a.aftersales_refund_orders,
         CASE WHEN b.any_order THEN 1 ELSE 0 END AS bd_any_order,
         CASE WHEN b.reconsult THEN 1 ELSE 0 END AS bd_reconsult
  FROM conversation_days c
  LEFT JOIN msg m ON m.agent = c.agent AND m.buyer = c.buyer AND m.day = c.day
  LEFT JOIN opener op ON op.agent = c.agent AND op.buyer = c.buyer AND op.day = c.day
  LEFT JOIN rnd r ON r.agent = c.agent AND r.buyer = c.buyer AND r.day = c.day
  LEFT JOIN first_round f ON f.agent = c.agent AND f.buyer = c.buyer AND f.day = c.day
  LEFT JOIN ord o ON o.agent = c.agent AND o.buyer = c.buyer AND o.day = c.day
  LEFT JOIN asr a ON a.agent = c.agent AND a.buyer = c.buyer AND a.day = c.day
  LEFT JOIN buyer_days b ON b.buyer = c.buyer AND b.day = c.day
  WHERE c.has_content
)
SELECT agent, buyer, day, week, shop, team, team_group,
       consult, valid, human,
       consult * human AS reception,                                      -- 接待
       CASE WHEN role = 'presales' THEN consult ELSE 0 END AS inquiry,      -- 询单 (§4)
       CASE WHEN role = 'aftersales' THEN consult * human ELSE 0 END AS aftersales_reception,
       CASE WHEN session THEN 1 ELSE 0 END AS session,
       CASE WHEN session THEN human ELSE 0 END AS session_replied,
       n_valid, n_human, n_total, n_chars, followup,
       -- §3.1 慢响应: a counted round not within the threshold; 有效接待: a
       -- reception with an answered counted round
       CASE WHEN COALESCE(n_rounds, 0) > COALESCE(n_within, 0) THEN 1 ELSE 0 END AS slow,
       CASE WHEN consult * human = 1 AND COALESCE(n_answered, 0) > 0 THEN 1 ELSE 0 END AS effective,
       CASE WHEN consult * human = 1 THEN span_secs END AS reception_secs,
       CASE WHEN consult * human = 1 THEN reception_work_secs END AS reception_work_secs,
       COALESCE(n_rounds, 0) AS n_rounds,
       COALESCE(n_within, 0) AS n_within,
       COALESCE(n_answered, 0) AS n_answered,
       COALESCE(resp_sum, 0) AS resp_sum,
       COALESCE(resp_cal_sum, 0) AS resp_cal_sum,
       resp_max,
       CASE WHEN first_answered THEN 1 ELSE 0 END AS first_answered,
       CASE WHEN first_answered THEN first_secs END AS first_secs,
       CASE WHEN first_answered THEN first_cal_secs END AS first_cal_secs,
       rating,
       ordered,
       COALESCE(paid_same, 0) AS paid_same,
       COALESCE(paid_next, 0) AS paid_next,
       COALESCE(paid_final, 0) AS paid_final,
       COALESCE(sales_fen, 0) AS sales_fen,
       COALESCE(sales_orders, 0) AS sales_orders,
       COALESCE(refund_orders, 0) AS refund_orders,
       COALESCE(refund_fen, 0) AS refund_fen,
       COALESCE(quality_refund_orders, 0) AS quality_refund_orders,
       COALESCE(aftersales_refund_orders, 0) AS aftersales_refund_orders,
       bd_any_order, bd_reconsult
FROM flags
