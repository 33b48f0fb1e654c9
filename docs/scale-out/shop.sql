-- The report per shop (`kefu report --by shop`): the same metrics as
-- agent_day.sql over conv_facts (conv_facts.sql), one row per shop (the
-- conversation-day's shop; '' for none). Here a buyer-day can have several
-- conversation-days in the group (several agents of the shop), so the
-- people counts are distinct buyer-days with their flags OR-ed (spec §2:
-- the shop total can be less than the sum over agents), and a weekly unit
-- pools every agent's sessions of a week (spec §6, no agent dimension).
WITH
per_bd AS (
  SELECT shop, buyer, day,
         MAX(consult) AS consult, MAX(reception) AS reception,
         MAX(valid) AS valid, MAX(human) AS human,
         MAX(inquiry) AS inquiry, MAX(ordered) AS ordered,
         MAX(paid_same) AS paid_same, MAX(paid_next) AS paid_next, MAX(paid_final) AS paid_final,
         MAX(aftersales_reception) AS aftersales_reception,
         MAX(bd_any_order) AS any_order, MAX(bd_reconsult) AS reconsult,
         MAX(slow) AS slow, MAX(effective) AS effective, MAX(session) AS initiated,
         MAX(followup) AS followup,
         MAX(CASE WHEN reception_secs >= run.long_reception_secs THEN 1 ELSE 0 END) AS long_reception
  FROM conv_facts CROSS JOIN run
  GROUP BY shop, buyer, day
),
people AS (
  SELECT shop,
         SUM(consult) AS consult_buyers,
         SUM(reception) AS reception_buyers,
         SUM(CASE WHEN valid = 1 AND human = 0 THEN 1 ELSE 0 END) AS unreplied_buyers,
         SUM(inquiry) AS inquiry_buyers,
         SUM(ordered) AS ordered_buyers,
         SUM(paid_same) AS paid_buyers_same_day,
         SUM(paid_next) AS paid_buyers_next_day,
         SUM(paid_final) AS paid_buyers_final,
         SUM(CASE WHEN inquiry = 1 AND any_order = 0 THEN 1 ELSE 0 END) AS inquiry_no_order,
         SUM(CASE WHEN ordered = 1 AND paid_final = 0 THEN 1 ELSE 0 END) AS ordered_unpaid,
         SUM(aftersales_reception) AS aftersales_buyers,
         SUM(aftersales_reception * reconsult) AS reconsult_buyers,
         SUM(slow) AS slow_response_buyers, SUM(long_reception) AS long_reception_buyers,
         SUM(initiated) AS buyer_initiated_buyers, SUM(followup) AS agent_followup_buyers,
         SUM(effective) AS effective_reception_buyers
  FROM per_bd
  GROUP BY shop
),
sums AS (
  SELECT shop,
         SUM(n_rounds) AS rounds, SUM(n_within) AS rounds_3min,
         SUM(n_answered) AS answered, SUM(resp_sum) AS resp_sum,
         SUM(resp_cal_sum) AS resp_cal_sum, MAX(resp_max) AS max_response_secs,
         SUM(first_answered) AS firsts, SUM(first_secs) AS first_sum,
         SUM(first_cal_secs) AS first_cal_sum, MAX(first_secs) AS max_first_response_secs,
         SUM(reception) AS receptions, SUM(reception_secs) AS reception_sum,
         SUM(reception_work_secs) AS reception_work_sum,
         SUM(n_valid) AS buyer_messages, SUM(n_human) AS agent_messages,
         SUM(sales_fen) AS sales_fen,
         SUM(sales_orders) AS sales_orders, SUM(refund_orders) AS refund_orders,
         SUM(refund_fen) AS refund_fen, SUM(quality_refund_orders) AS quality_refund_orders,
         SUM(aftersales_refund_orders) AS aftersales_refund_orders,
         SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END) AS ratings,
         SUM(CASE WHEN rating = 5 THEN 1 ELSE 0 END) AS very_satisfied,
         SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END) AS satisfied,
         SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END) AS neutral,
         SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END) AS dissatisfied,
         SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END) AS very_dissatisfied,
         SUM(session) AS weekly_sessions, SUM(session_replied) AS weekly_replied,
         SUM(n_total) AS total_messages, SUM(n_chars) AS agent_chars
  FROM conv_facts
  GROUP BY shop
),
-- Weekly assessment (spec §6): without the agent dimension a unit is a
-- week of the group, all its agents' sessions pooled.
units AS (
  SELECT u.shop,
         SUM(CASE WHEN u.sessions > 0 AND u.sessions >= run.weekly_min_sessions THEN 1 ELSE 0 END) AS weekly_assessed,
         SUM(CASE WHEN u.sessions > 0 AND u.sessions >= run.weekly_min_sessions
                   AND CAST(u.replied AS DOUBLE) / u.sessions >= run.weekly_pass_rate THEN 1 ELSE 0 END) AS weekly_passed
  FROM (SELECT shop, week, SUM(session) AS sessions, SUM(session_replied) AS replied
        FROM conv_facts GROUP BY shop, week) u
  CROSS JOIN run
  GROUP BY u.shop
)
SELECT p.shop,
       p.consult_buyers, p.reception_buyers, p.unreplied_buyers,
       CAST(p.reception_buyers AS DOUBLE) / NULLIF(p.consult_buyers, 0) AS reply_rate,
       s.rounds, s.rounds_3min,
       CAST(s.rounds_3min AS DOUBLE) / NULLIF(s.rounds, 0) AS response_rate_3min,
       CAST(s.first_sum AS DOUBLE) / NULLIF(s.firsts, 0) AS first_response_secs,
       CAST(s.resp_sum AS DOUBLE) / NULLIF(s.answered, 0) AS avg_response_secs,
       CAST(s.reception_sum AS DOUBLE) / NULLIF(s.receptions, 0) AS avg_reception_secs,
       CAST(s.max_first_response_secs AS DOUBLE) AS max_first_response_secs,
       CAST(s.max_response_secs AS DOUBLE) AS max_response_secs,
       s.buyer_messages, s.agent_messages,
       CAST(s.agent_messages AS DOUBLE) / NULLIF(s.buyer_messages, 0) AS answer_ratio,
       p.inquiry_buyers, p.ordered_buyers,
       p.paid_buyers_same_day, p.paid_buyers_next_day, p.paid_buyers_final,
       CASE WHEN run.orders > 0 THEN CAST(p.paid_buyers_same_day AS DOUBLE) / NULLIF(p.inquiry_buyers, 0) END
         AS inquiry_conversion_same_day,
       CASE WHEN run.orders > 0 THEN CAST(p.paid_buyers_final AS DOUBLE) / NULLIF(p.inquiry_buyers, 0) END
         AS inquiry_conversion_final,
       CASE WHEN run.orders > 0 THEN CAST(p.paid_buyers_same_day AS DOUBLE) / NULLIF(p.reception_buyers, 0) END
         AS sales_conversion,
       CASE WHEN run.orders > 0 THEN CAST(s.sales_fen AS DOUBLE) / 100 END AS sales_amount,
       (CAST(s.sales_fen AS DOUBLE) / 100) / NULLIF(p.paid_buyers_final, 0) AS avg_order_value,
       p.inquiry_no_order, p.ordered_unpaid,
       s.ratings, s.very_satisfied, s.satisfied, s.neutral, s.dissatisfied, s.very_dissatisfied,
       CAST(s.very_satisfied + s.satisfied AS DOUBLE) / NULLIF(s.ratings, 0) AS satisfaction_rate,
       CASE WHEN run.ratings > 0 THEN CAST(s.ratings AS DOUBLE) / NULLIF(p.reception_buyers, 0) END AS rating_rate,
       p.aftersales_buyers, p.reconsult_buyers,
       1 - CAST(p.reconsult_buyers AS DOUBLE) / NULLIF(p.aftersales_buyers, 0) AS first_contact_resolution,
       s.weekly_sessions, s.weekly_replied,
       CAST(s.weekly_replied AS DOUBLE) / NULLIF(s.weekly_sessions, 0) AS weekly_reply_rate,
       u.weekly_assessed, u.weekly_passed,
       CAST(s.resp_cal_sum AS DOUBLE) / NULLIF(s.answered, 0) AS avg_response_calendar_secs,
       CAST(s.first_cal_sum AS DOUBLE) / NULLIF(s.firsts, 0) AS first_response_calendar_secs,
       CAST(s.reception_work_sum AS DOUBLE) / NULLIF(s.receptions, 0) AS avg_reception_work_secs,
       p.slow_response_buyers, p.long_reception_buyers, p.buyer_initiated_buyers,
       p.agent_followup_buyers, p.effective_reception_buyers,
       s.total_messages, s.agent_chars,
       -- issue 14 item 2: refunds of the sales orders
       s.sales_orders, s.refund_orders,
       CASE WHEN run.orders > 0 THEN CAST(s.refund_fen AS DOUBLE) / 100 END AS refund_amount,
       CASE WHEN run.orders > 0 THEN CAST(s.refund_fen AS DOUBLE) / NULLIF(s.sales_fen, 0) END AS refund_rate,
       s.quality_refund_orders,
       CASE WHEN run.orders > 0 THEN CAST(s.quality_refund_orders AS DOUBLE) / NULLIF(s.sales_orders, 0) END
         AS first_quality_refund_rate,
       s.aftersales_refund_orders
FROM people p
JOIN sums s ON s.shop = p.shop
JOIN units u ON u.shop = p.shop
CROSS JOIN run
ORDER BY p.shop
