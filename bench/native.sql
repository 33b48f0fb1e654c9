-- The agent × day service metrics of `kefu report --by agent-day`, written
-- independently in SQL over the raw per-message CSV of `kefu demo`
-- (聊天记录_逐条.csv), so bench/native.py can check the engine cell by cell
-- and time both. Rules: /work/shared/spec/metrics.md §1.1, §2, §3, §4
-- (inquiry only: no orders file), §5 (no ratings file), §6.
--
-- bench/native.py sets these variables before running the file:
--   csv_path        the chat CSV
--   work_start/end  the one work interval of every day, seconds of the day
--                   (half-open; the defaults 0 and 86400)
--   threshold       response_threshold_secs
--   reconsult_days, weekly_min_sessions, weekly_pass_rate
--   long_reception_secs  (§3.1 长接待)
--   ws_class        a regex character class of Unicode White_Space (Rust
--                   `char::is_whitespace`, what `str::trim` removes)
--   closing_re      a full-match regex: trim characters, optionally one
--                   closing word (ASCII case ignored), trim characters
--   marker_re       a prefix regex: whitespace then an auto-reply marker
-- and the table `aftersales(agent)` (accounts whose role is aftersales).
--
-- Work time is one interval per day, the same every weekday, no holidays:
-- a round, and a reception span, lies inside one day (a conversation-day),
-- so its work seconds are its overlap with that day's interval.

-- 1. Messages as the importer keeps them: nicks cleaned (whitespace, a
--    `="…"` wrapper, a leading apostrophe), sender words mapped, read
--    receipts dropped, platform notices made system messages, auto-reply
--    markers making staff messages auto; a valid buyer message is one that
--    is not a closing word.
--    Read straight from the CSV into a table in file order (insertion order
--    is preserved), so its rowid is the file order: ties of the same second
--    keep it (spec §2).
CREATE OR REPLACE TEMP MACRO ws_trim(s) AS
    regexp_replace(s, '^' || getvariable('ws_class') || '+|' || getvariable('ws_class') || '+$', '', 'g');
CREATE OR REPLACE TEMP MACRO clean_nick(s) AS
    CASE WHEN NOT regexp_matches(s, '^(?:' || getvariable('ws_class') || '|=|'')|' || getvariable('ws_class') || '$')
         THEN s
         ELSE ws_trim(regexp_replace(
                  CASE WHEN starts_with(ws_trim(s), '="')
                       THEN regexp_replace(substr(ws_trim(s), 3), '"$', '')
                       ELSE ws_trim(s) END,
                  '^''', ''))
    END;
CREATE OR REPLACE TEMP MACRO sender_of(s) AS CASE s
    WHEN '顾客' THEN 'B' WHEN '买家' THEN 'B' WHEN '客户' THEN 'B' WHEN '用户' THEN 'B' WHEN 'buyer' THEN 'B'
    WHEN 'Buyer' THEN 'B' WHEN 'BUYER' THEN 'B' WHEN 'customer' THEN 'B' WHEN 'Customer' THEN 'B'
    WHEN '客服' THEN 'A' WHEN '人工' THEN 'A' WHEN '人工客服' THEN 'A' WHEN '卖家' THEN 'A' WHEN 'agent' THEN 'A'
    WHEN 'Agent' THEN 'A' WHEN 'AGENT' THEN 'A' WHEN 'staff' THEN 'A' WHEN 'Staff' THEN 'A' WHEN 'seller' THEN 'A'
    WHEN '自动' THEN 'U' WHEN '自动回复' THEN 'U' WHEN '机器人' THEN 'U' WHEN 'auto' THEN 'U' WHEN 'Auto' THEN 'U'
    WHEN 'AUTO' THEN 'U' WHEN 'bot' THEN 'U' WHEN 'robot' THEN 'U'
    WHEN '系统' THEN 'S' WHEN '系统消息' THEN 'S' WHEN 'system' THEN 'S' WHEN 'System' THEN 'S' WHEN 'SYSTEM' THEN 'S'
    END;
-- A platform notice, given its text without leading whitespace.
CREATE OR REPLACE TEMP MACRO system_text(l) AS
    (starts_with(l, '由') AND contains(l, '转交给')) OR starts_with(l, '当前用户来自')
    OR contains(l, '撤回了一条消息') OR starts_with(l, '会话已转交') OR starts_with(l, '系统消息')
    OR starts_with(l, '[系统消息]') OR starts_with(l, '【系统消息】');

CREATE OR REPLACE TEMP TABLE msg0 AS
WITH r AS (
    SELECT try_strptime(时间, '%Y-%m-%d %H:%M:%S') AS ts,
           clean_nick(coalesce(客服, '')) AS agent0,
           clean_nick(coalesce(顾客, '')) AS buyer,
           coalesce(sender_of(发送方), sender_of(ws_trim(发送方))) AS s0,
           -- The importer trims CR, LF, space and tab off the text and turns
           -- CRLF into LF; every test below trims (at least) those itself
           -- and none looks for a line break, so the raw text gives the same
           -- answers.
           coalesce(内容, '') AS text
    FROM read_csv(getvariable('csv_path'), header = true, quote = '"', escape = '"',
        columns = {'时间': 'VARCHAR', '店铺': 'VARCHAR', '客服': 'VARCHAR', '顾客': 'VARCHAR',
                   '发送方': 'VARCHAR', '内容': 'VARCHAR'})
), s AS (
    SELECT ts, agent0, buyer, text,
           CASE
               -- the contains() are a cheap necessary condition for the exact test after them
               WHEN s0 <> 'S' AND (contains(text, '转交给') OR contains(text, '当前用户来自')
                    OR contains(text, '撤回了一条消息') OR contains(text, '会话已转交') OR contains(text, '系统消息'))
                    AND system_text(regexp_replace(text, '^' || getvariable('ws_class') || '+', ''))
                   THEN 'S'
               WHEN s0 = 'A' AND regexp_matches(text, getvariable('marker_re')) THEN 'U'
               ELSE s0
           END AS s,
           (contains(text, '读') OR contains(text, '发送中'))
               AND ws_trim(text) IN ('已读', '未读', '发送中', '[已读]', '[未读]') AS receipt
    FROM r
)
-- Every record, kept or not (filtering here would evaluate the cleaning
-- twice, in the filter and in the projection).
SELECT ts, CASE WHEN agent0 = '' THEN '未分配' ELSE agent0 END AS agent, buyer, s, receipt,
       s = 'B' AND NOT regexp_full_match(text, getvariable('closing_re')) AS valid,
       -- §3.1 客服字数: characters (code points) of a human message's text as
       -- the importer keeps it (CR, LF, space and tab trimmed, CRLF → LF)
       CASE WHEN s = 'A' THEN length(replace(trim(text, ' ' || chr(9) || chr(13) || chr(10)),
                                             chr(13) || chr(10), chr(10))) ELSE 0 END AS chars
FROM s;

-- 2. The kept messages (a time, a sender, a buyer; not a read receipt) with
--    times as seconds, the day and its midnight; `rn` is the file order.
CREATE OR REPLACE TEMP TABLE msg AS
SELECT rowid AS rn, agent, buyer, s,
       epoch(ts)::BIGINT AS t,
       ts::DATE AS day,
       epoch(ts::DATE::TIMESTAMP)::BIGINT AS day0,
       valid,
       s = 'A' AS human,
       chars
FROM msg0
WHERE ts IS NOT NULL AND s IS NOT NULL AND buyer <> '' AND NOT receipt;

-- 3. Rounds (spec §2). Within a conversation-day (agent, buyer, day) in
--    stream order, `seg` numbers the stretches between human messages: a
--    human message ends the stretch it closes. A stretch with a valid buyer
--    message holds exactly one round: it opens at the first valid buyer
--    message and is closed by the stretch's human message, or is still open
--    at 24:00 (unanswered).
CREATE OR REPLACE TEMP TABLE rounds AS
WITH seg AS (
    SELECT *, sum(human::INT) OVER (PARTITION BY agent, buyer, day ORDER BY t, rn
                                    ROWS UNBOUNDED PRECEDING) - human::INT AS seg
    FROM msg
), r AS (
    SELECT agent, buyer, day, any_value(day0) AS day0, seg,
           min(t) FILTER (WHERE valid) AS open_t,
           min(t) FILTER (WHERE human) AS close_t
    FROM seg GROUP BY agent, buyer, day, seg
    HAVING count(*) FILTER (WHERE valid) > 0
)
SELECT agent, buyer, day, seg,
       open_t - day0 >= getvariable('work_start') AND open_t - day0 < getvariable('work_end') AS counted,
       close_t IS NOT NULL AS answered,
       close_t - open_t AS cal,
       greatest(0, least(close_t, day0 + getvariable('work_end')) - greatest(open_t, day0 + getvariable('work_start'))) AS work
FROM r;

-- 4. Conversation-days: flags, message counts, the first counted round,
--    the reception span (first to last buyer or human message).
CREATE OR REPLACE TEMP TABLE convs AS
WITH m AS (
    SELECT agent, buyer, day, any_value(day0) AS day0,
           bool_or(s = 'B') AS consult,
           bool_or(valid) AS has_valid,
           bool_or(human) AS has_human,
           bool_or(s <> 'S') AS content,
           count(*) FILTER (WHERE valid) AS buyer_msgs,
           count(*) FILTER (WHERE human) AS human_msgs,
           arg_min(s, (t, rn)) FILTER (WHERE s <> 'S') = 'B' AS session,
           -- §3.1: first non-system message a human one; 总消息数, 客服字数
           arg_min(s, (t, rn)) FILTER (WHERE s <> 'S') = 'A' AS followup,
           count(*) FILTER (WHERE s <> 'S') AS total_msgs,
           sum(chars) AS agent_chars,
           min(t) FILTER (WHERE s = 'B' OR human) AS span_a,
           max(t) FILTER (WHERE s = 'B' OR human) AS span_b
    FROM msg GROUP BY agent, buyer, day
), fr AS (
    SELECT agent, buyer, day, arg_min({'answered': answered, 'work': work, 'cal': cal}, seg) AS first
    FROM rounds WHERE counted GROUP BY agent, buyer, day
), rc AS (                 -- §3.1: a counted round slow or unanswered; one answered
    SELECT agent, buyer, day,
           bool_or(NOT (answered AND work <= getvariable('threshold'))) AS slow,
           bool_or(answered) AS any_answered
    FROM rounds WHERE counted GROUP BY agent, buyer, day
)
SELECT m.*,
       consult AND has_human AS reception,
       span_b - span_a AS rec_cal,
       greatest(0, least(span_b, day0 + getvariable('work_end')) - greatest(span_a, day0 + getvariable('work_start'))) AS rec_work,
       CASE WHEN fr.first.answered THEN fr.first.work END AS first_work,
       CASE WHEN fr.first.answered THEN fr.first.cal END AS first_cal,
       m.agent NOT IN (SELECT agent FROM aftersales) AS presales,
       coalesce(rc.slow, false) AS slow,
       consult AND has_human AND coalesce(rc.any_answered, false) AS effective,
       consult AND has_human AND span_b - span_a >= getvariable('long_reception_secs') AS long_rec
FROM m LEFT JOIN fr USING (agent, buyer, day) LEFT JOIN rc USING (agent, buyer, day);

-- 5. Re-consults (spec §6): a buyer-day whose buyer consults again (any
--    agent) within reconsult_days after it.
CREATE OR REPLACE TEMP TABLE consult_days AS
SELECT DISTINCT buyer, day FROM convs WHERE consult;

-- 6. Agent × day: the people counts are conversation-days here (one agent,
--    one day: a buyer-day has one conversation-day in the group).
CREATE OR REPLACE TEMP MACRO ratio(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a::DOUBLE / b::DOUBLE END;
CREATE OR REPLACE TEMP TABLE report AS
WITH c AS (
    SELECT convs.*,
           reception AND NOT presales AS aftersales_rec,
           reception AND NOT presales AND EXISTS (
               SELECT 1 FROM consult_days d
               WHERE d.buyer = convs.buyer AND d.day > convs.day
                 AND d.day <= convs.day + getvariable('reconsult_days')::INT) AS reconsult
    FROM convs WHERE content
), rd AS (
    SELECT agent, day,
           count(*) FILTER (WHERE counted) AS rounds,
           count(*) FILTER (WHERE counted AND answered AND work <= getvariable('threshold')) AS rounds_3min,
           count(*) FILTER (WHERE counted AND answered) AS answered,
           sum(work) FILTER (WHERE counted AND answered) AS work_sum,
           sum(cal) FILTER (WHERE counted AND answered) AS cal_sum,
           max(work) FILTER (WHERE counted AND answered) AS work_max
    FROM rounds GROUP BY agent, day
), a AS (
    SELECT agent, day,
           count(*) FILTER (WHERE consult) AS consult_buyers,
           count(*) FILTER (WHERE reception) AS reception_buyers,
           count(*) FILTER (WHERE has_valid AND NOT has_human) AS unreplied_buyers,
           count(first_work) AS first_n,
           sum(first_work) AS first_work_sum,
           sum(first_cal) AS first_cal_sum,
           max(first_work) AS first_work_max,
           count(*) FILTER (WHERE reception) AS rec_n,
           sum(rec_cal) FILTER (WHERE reception) AS rec_cal_sum,
           sum(rec_work) FILTER (WHERE reception) AS rec_work_sum,
           sum(buyer_msgs) AS buyer_messages,
           sum(human_msgs) AS agent_messages,
           count(*) FILTER (WHERE consult AND presales) AS inquiry_buyers,
           count(*) FILTER (WHERE aftersales_rec) AS aftersales_buyers,
           count(*) FILTER (WHERE reconsult) AS reconsult_buyers,
           count(*) FILTER (WHERE session) AS weekly_sessions,
           count(*) FILTER (WHERE session AND has_human) AS weekly_replied,
           count(*) FILTER (WHERE slow) AS slow_response_buyers,
           count(*) FILTER (WHERE long_rec) AS long_reception_buyers,
           count(*) FILTER (WHERE session) AS buyer_initiated_buyers,
           count(*) FILTER (WHERE followup) AS agent_followup_buyers,
           count(*) FILTER (WHERE effective) AS effective_reception_buyers,
           sum(total_msgs) AS total_messages,
           sum(agent_chars) AS agent_chars
    FROM c GROUP BY agent, day
)
SELECT a.agent, strftime(a.day, '%Y-%m-%d') AS day,
       consult_buyers, reception_buyers, unreplied_buyers,
       ratio(reception_buyers, consult_buyers) AS reply_rate,
       coalesce(rounds, 0) AS rounds,
       coalesce(rounds_3min, 0) AS rounds_3min,
       ratio(rounds_3min, coalesce(rounds, 0)) AS response_rate_3min,
       ratio(first_work_sum, first_n) AS first_response_secs,
       ratio(work_sum, coalesce(answered, 0)) AS avg_response_secs,
       ratio(rec_cal_sum, rec_n) AS avg_reception_secs,
       first_work_max::DOUBLE AS max_first_response_secs,
       work_max::DOUBLE AS max_response_secs,
       buyer_messages, agent_messages,
       ratio(agent_messages, buyer_messages) AS answer_ratio,
       inquiry_buyers,
       -- no orders file: nothing is ordered or paid, every inquiry has no
       -- order, the order-based rates and the sales amount are unknown
       0 AS ordered_buyers, 0 AS paid_buyers_same_day, 0 AS paid_buyers_next_day, 0 AS paid_buyers_final,
       NULL::DOUBLE AS inquiry_conversion_same_day, NULL::DOUBLE AS inquiry_conversion_final,
       NULL::DOUBLE AS sales_conversion, NULL::DOUBLE AS sales_amount, NULL::DOUBLE AS avg_order_value,
       inquiry_buyers AS inquiry_no_order, 0 AS ordered_unpaid,
       -- no ratings file
       0 AS ratings, 0 AS very_satisfied, 0 AS satisfied, 0 AS neutral, 0 AS dissatisfied, 0 AS very_dissatisfied,
       NULL::DOUBLE AS satisfaction_rate, NULL::DOUBLE AS rating_rate,
       aftersales_buyers, reconsult_buyers,
       1 - ratio(reconsult_buyers, aftersales_buyers) AS first_contact_resolution,
       weekly_sessions, weekly_replied,
       ratio(weekly_replied, weekly_sessions) AS weekly_reply_rate,
       -- one (agent, week) unit per row, holding that day's sessions
       (weekly_sessions > 0 AND weekly_sessions >= getvariable('weekly_min_sessions'))::INT AS weekly_assessed,
       (weekly_sessions > 0 AND weekly_sessions >= getvariable('weekly_min_sessions')
        AND weekly_replied::DOUBLE / weekly_sessions::DOUBLE >= getvariable('weekly_pass_rate'))::INT AS weekly_passed,
       ratio(cal_sum, coalesce(answered, 0)) AS avg_response_calendar_secs,
       ratio(first_cal_sum, first_n) AS first_response_calendar_secs,
       ratio(rec_work_sum, rec_n) AS avg_reception_work_secs,
       slow_response_buyers, long_reception_buyers, buyer_initiated_buyers, agent_followup_buyers,
       effective_reception_buyers, total_messages, agent_chars
FROM a LEFT JOIN rd USING (agent, day);
