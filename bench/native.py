#!/usr/bin/env python3
"""Native benchmark: `kefu report --by agent-day` against DuckDB (issue 12).

For each size, the per-message chat CSV of `kefu demo` (cached under
bench/data/) is given to both sides: the CLI, timed as a process with its
peak RSS, and DuckDB in-process running bench/native.sql (read_csv and the
same service metrics, independently written from the spec). Every cell of
every agent × day row is compared (counts exactly, the other numbers to a
relative 1e-9, null only against null); the script prints the cells
compared, the first disagreements, and a table of times, and exits 1 if
anything disagrees.

Needs python3 and the PyPI package `duckdb` (a dev-only tool, not a
dependency of the project). Usage: see docs/benchmark.md.
"""

import argparse
import csv
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CHAT_CSV = "聊天记录_逐条.csv"  # the demo's per-message table (src/demo/mod.rs CHAT_CSV)
EXPECTED_HEADER = ["时间", "店铺", "客服", "顾客", "发送方", "内容"]

# Spec §10 defaults: the settings `kefu report` uses without --config.
DEFAULT_SETTINGS = {
    "work_time": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    "holidays": [],
    "response_threshold_secs": 180,
    "closing_word_filter": True,
    "closing_words": ["好的", "好", "好滴", "嗯", "嗯嗯", "哦", "哦哦", "谢谢", "谢谢你", "多谢",
                      "收到", "知道了", "没有了", "没了", "拜拜", "再见", "ok", "OK", "👌"],
    "auto_reply_markers": ["[自动回复]", "【自动回复】", "(自动回复)", "[机器人]"],
    "accounts": [],
    "reconsult_days": 3,
    "weekly_min_sessions": 5,
    "weekly_pass_rate": 0.8,
    "long_reception_secs": 1800,
}

# Unicode White_Space (what Rust's `char::is_whitespace` and `str::trim` use).
WHITESPACE = [(0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680),
              (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F),
              (0x3000, 0x3000)]
# What the closing-word comparison trims (spec §2: whitespace, punctuation,
# emoji): White_Space, ASCII punctuation, controls, and the blocks of
# punctuation, symbols and emoji the engine lists.
TRIM = WHITESPACE + [(0x00, 0x1F), (0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E),
                     (0x7F, 0x9F), (0xA1, 0xBF), (0x2000, 0x206F), (0x20A0, 0x20CF),
                     (0x2100, 0x2BFF), (0x3000, 0x303F), (0xFE00, 0xFE0F), (0xFE30, 0xFE4F),
                     (0xFE50, 0xFE6F), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40),
                     (0xFF5B, 0xFF65), (0x1F000, 0x1FAFF), (0xE0000, 0xE007F)]


# RE2 has no lookahead: a class of no code point matches nothing.
NEVER = "[^\\x{0}-\\x{10FFFF}]"


def char_class(ranges):
    """An RE2 character class of code point ranges."""
    parts = [f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in sorted(ranges)]
    return "[" + "".join(parts) + "]"


def in_ranges(ch, ranges):
    return any(a <= ord(ch) <= b for a, b in ranges)


def re2_literal(s):
    """A string as an RE2 literal (its metacharacters escaped)."""
    return "".join("\\" + c if c in "\\.^$|?*+()[]{}" else c for c in s)


def closing_regex(settings):
    """Full match of a text that is not a valid buyer message: trim characters
    around nothing or one closing word (the words trimmed the same way, ASCII
    case ignored)."""
    t = char_class(TRIM)
    if not settings["closing_word_filter"]:
        return NEVER
    alts = []
    for w in settings["closing_words"]:
        while w and in_ranges(w[0], TRIM):
            w = w[1:]
        while w and in_ranges(w[-1], TRIM):
            w = w[:-1]
        if w:
            alts.append("".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re2_literal(c)
                                for c in w))
    words = "(?:" + "|".join(alts) + ")?" if alts else ""
    return f"{t}*{words}{t}*"


def marker_regex(settings):
    markers = [m for m in settings["auto_reply_markers"] if m]
    if not markers:
        return NEVER
    return "^" + char_class(WHITESPACE) + "*(?:" + "|".join(re2_literal(m) for m in markers) + ")"


def work_interval(settings):
    """The one work interval every day has, as seconds of the day; the SQL
    handles only that shape (and no holidays)."""
    wt = settings["work_time"]
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    spans = {tuple(wt.get(d, [])) for d in days}
    if len(spans) != 1 or len(next(iter(spans))) != 1 or settings.get("holidays"):
        sys.exit("bench/native.sql handles one work interval, the same every day, and no holidays")
    a, b = next(iter(spans))[0].split("-")
    sec = lambda hm: int(hm.split(":")[0]) * 3600 + int(hm.split(":")[1]) * 60
    return sec(a), sec(b)


def load_settings(path):
    s = dict(DEFAULT_SETTINGS)
    if path:
        s.update(json.loads(Path(path).read_text(encoding="utf-8")))
    return s


def ensure_data(kefu, n, days, data_dir):
    """The demo files for about `n` messages, generated once."""
    d = data_dir / f"demo-{n}-{days}d"
    f = d / CHAT_CSV
    if not f.exists():
        print(f"generating {n} messages into {d} …", flush=True)
        tmp = data_dir / f".tmp-{n}-{days}d"
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run([str(kefu), "demo", "--messages", str(n), "--days", str(days), "--out", str(tmp)],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(d, ignore_errors=True)
        tmp.rename(d)
    with open(f, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    if header != EXPECTED_HEADER:
        sys.exit(f"{f}: header {header}, expected {EXPECTED_HEADER}")
    return d, f


# A small hand-written file with the import and round rules the demo data
# rarely or never exercises; checked before the timed sizes.
EDGE_ROWS = [
    # the same second: the reply is first in the file, so the round stays open
    ("2024-06-03 10:00:00", "店:01", "甲", "客服", "您好"),
    ("2024-06-03 10:00:00", "店:01", "甲", "顾客", "在吗"),
    ("2024-06-03 10:02:00", "店:01", "甲", "顾客", "好的！"),       # closing word (trimmed)
    ("2024-06-03 10:02:30", "店:01", "甲", "顾客", " 谢谢😊 "),
    ("2024-06-03 10:04:00", "店:01", "甲", "客服", "亲，在的"),     # answers after 240 s
    ("2024-06-03 10:05:00", "店:01", "甲", "顾客", "Ok"),
    ("2024-06-03 10:05:10", "店:01", "甲", "顾客", "。。。"),
    ("2024-06-03 10:05:20", "店:01", "甲", "顾客", "👌"),
    ("2024-06-03 10:06:00", "店:01", "甲", "顾客", "好的，我想问下尺码"),  # valid
    ("2024-06-03 10:06:01", "店:01", "甲", "顾客", "已读"),         # read receipt: dropped
    ("2024-06-03 10:06:30", "店:01", "甲", " 客服 ", "  [自动回复]稍等"),  # auto, not human
    ("2024-06-03 10:07:00", "店:01", "甲", "客服", "M码合适\r\n亲"),
    # platform notices under a buyer or staff sender are system messages
    ("2024-06-03 11:00:00", "店:02", "乙", "顾客", "由 店:01 转交给 店:02"),
    ("2024-06-03 11:00:05", "店:02", "乙", "客服", "当前用户来自 手机淘宝"),
    ("2024-06-03 11:00:10", "店:02", "乙", "Buyer", "有货吗"),
    ("2024-06-03 11:01:10", "店:02", "乙", "agent", "有的"),
    # nick cells: a ="…" wrapper, spaces, an apostrophe; an empty agent
    ("2024-06-03 12:00:00", " 店:01 ", '="丙"', "顾客", "能便宜吗"),
    ("2024-06-03 12:03:01", "店:01", "'丙", "客服", "亲，已经是最低价了"),
    ("2024-06-03 12:10:00", "", "丁", "顾客", "有人吗"),
    ("2024-06-03 12:10:05", "店:01", "", "顾客", "没有买家"),      # no buyer: skipped
    # open at 23:59, closed unanswered at 24:00; the reply opens nothing
    ("2024-06-03 23:59:00", "店:02", "戊", "顾客", "还在吗"),
    ("2024-06-04 00:01:00", "店:02", "戊", "客服", "在的"),
    ("2024-06-04 08:30:00", "店:02", "戊", "顾客", "发货了吗"),   # before 09:00 with the demo settings
    ("2024-06-04 09:30:00", "店:02", "戊", "客服", "今天发"),
    ("2024-06-04 09:31:00", "店:02", "己", "系统", "会话已转交"),  # only a system message: no row
    ("2024-06-04 09:40:00", "店:03", "庚", "客服", "亲，优惠券到了"),  # agent first: a follow-up
    ("2024-06-04 09:45:00", "店:03", "庚", "顾客", "谢谢"),
    ("2024-06-04 not a time", "店:03", "庚", "顾客", "坏时间"),     # unreadable time: skipped
    ("2024-06-04 09:50:00", "店:03", "庚", "路人", "坏发送方"),     # unknown sender: skipped
]


def edge_file(data_dir):
    f = data_dir / "edge.csv"
    with open(f, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(EXPECTED_HEADER)
        for ts, agent, buyer, sender, text in EDGE_ROWS:
            w.writerow([ts, "店", agent, buyer, sender, text])
    return f


def run_kefu(kefu, chat, config, k, out_path):
    """Best wall time of k runs, the peak RSS (KiB) of that run."""
    cmd = [str(kefu), "report", "--chats", str(chat), "--by", "agent-day", "--format", "csv"]
    if config:
        cmd += ["--config", str(config)]
    gnu_time = Path("/usr/bin/time").exists()
    best = None
    for _ in range(k):
        with tempfile.TemporaryFile() as err, open(out_path, "wb") as out:
            full = ["/usr/bin/time", "-f", "%M"] + cmd if gnu_time else cmd
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t0 = time.perf_counter()
            rc = subprocess.run(full, stdout=out, stderr=err).returncode
            secs = time.perf_counter() - t0
            err.seek(0)
            msg = err.read().decode("utf-8", "replace")
        if rc != 0:
            sys.exit(f"kefu failed ({rc}): {' '.join(cmd)}\n{msg}")
        if gnu_time:
            rss = int(msg.strip().splitlines()[-1])
        else:
            # RUSAGE_CHILDREN is the largest child so far: exact only when it grew.
            rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        if best is None or secs < best[0]:
            best = (secs, rss)
    return best


def run_duckdb(chat, settings, k, threads):
    """Best wall time of k runs (a fresh in-memory database each: read_csv
    and the report), the report as {(agent, day): {key: value}}, the
    columns' kinds (count or number) and that run's time per statement."""
    import duckdb

    sql = (BENCH / "native.sql").read_text(encoding="utf-8")
    ws, we = work_interval(settings)
    aftersales = [a["nick"] for a in settings.get("accounts", []) if a.get("role") == "aftersales"]
    variables = {
        "csv_path": str(chat),
        "work_start": ws,
        "work_end": we,
        "threshold": settings["response_threshold_secs"],
        "reconsult_days": settings["reconsult_days"],
        "weekly_min_sessions": settings["weekly_min_sessions"],
        "weekly_pass_rate": float(settings["weekly_pass_rate"]),
        "long_reception_secs": settings["long_reception_secs"],
        "ws_class": char_class(WHITESPACE),
        "closing_re": closing_regex(settings),
        "marker_re": marker_regex(settings),
    }
    best = None
    for _ in range(k):
        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        for name, v in variables.items():
            con.execute(f"SET VARIABLE {name} = ?", [v])
        con.execute("CREATE TEMP TABLE aftersales (agent VARCHAR)")
        if aftersales:
            con.executemany("INSERT INTO aftersales VALUES (?)", [[a] for a in aftersales])
        stages = {}
        t0 = time.perf_counter()
        for st in con.extract_statements(sql):
            t = time.perf_counter()
            con.execute(st.query)
            m = re.search(r"TABLE (\w+) AS", st.query)
            if m:
                stages[m.group(1)] = time.perf_counter() - t
        cur = con.execute("SELECT * FROM report")
        rows = cur.fetchall()
        secs = time.perf_counter() - t0
        desc = cur.description
        con.close()
        if best is None or secs < best[0]:
            best = (secs, rows, desc, stages)
    secs, rows, desc, stages = best
    names = [d[0] for d in desc]
    kinds = {d[0]: ("count" if "INT" in str(d[1]).upper() else "number") for d in desc[2:]}
    table = {(r[0], r[1]): dict(zip(names[2:], r[2:])) for r in rows}
    return secs, table, kinds, stages


def read_kefu_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rd = csv.reader(fh)
        header = next(rd)
        rows = {}
        for r in rd:
            rows[(r[0], r[1])] = dict(zip(header[2:], r[2:]))
    return header[2:], rows


def compare(kefu_keys, kefu_rows, duck, kinds, limit=10):
    """(rows, cells compared, disagreements, metrics compared, not compared)."""
    common = [k for k in kefu_keys if k in kinds]
    left_out = [k for k in kefu_keys if k not in kinds]
    bad = []
    cells = 0
    for key in sorted(set(kefu_rows) | set(duck)):
        if key not in duck or key not in kefu_rows:
            bad.append(f"row {key}: only in {'kefu' if key in kefu_rows else 'DuckDB'}")
            continue
        a, b = kefu_rows[key], duck[key]
        for m in common:
            cells += 1
            x, y = a[m], b[m]
            if x == "" or y is None:
                ok = x == "" and y is None
            elif kinds[m] == "count":
                ok = re.fullmatch(r"-?\d+", x) is not None and int(x) == y
            else:
                fx = float(x)
                ok = math.isclose(fx, float(y), rel_tol=1e-9, abs_tol=0.0) or fx == float(y)
            if not ok:
                bad.append(f"{key[0]} {key[1]} {m}: kefu {x or 'null'}, DuckDB {y}")
    rows = len(set(kefu_rows) & set(duck))
    return rows, cells, bad, common, left_out


def constant_metrics(kefu_rows, metrics):
    """Metrics that are 0 or null in every row: compared, but this data
    does not exercise them (no orders or ratings file, say)."""
    return [m for m in metrics if all(r[m] in ("", "0") for r in kefu_rows.values())]


def size_arg(s):
    return [int(float(x)) for x in s.split(",") if x.strip()]


def machine():
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=size_arg, default=[1_000_000, 10_000_000],
                    help="approximate message counts, comma-separated (default 1e6,1e7)")
    ap.add_argument("-k", "--runs", type=int, default=3, help="runs per side; the best is kept (default 3)")
    ap.add_argument("--days", type=int, default=30, help="days of demo data (default 30)")
    ap.add_argument("--kefu", default=str(ROOT / "target" / "release" / "kefu"), help="the CLI binary")
    ap.add_argument("--data", default=str(BENCH / "data"), help="cache of demo files (default bench/data)")
    ap.add_argument("--config", default="default",
                    help="settings: 'default' (spec defaults, no --config), 'demo' (the demo's settings.json: "
                         "work time 09:00-24:00, after-sales accounts) or a settings file")
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="DuckDB threads (default all cores)")
    args = ap.parse_args()

    kefu = Path(args.kefu)
    if not kefu.exists():
        sys.exit(f"{kefu} not found: cargo build --release --bin kefu")
    data_dir = Path(args.data)
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"kefu: {kefu}; DuckDB {__import__('duckdb').__version__}, {args.threads} threads; "
          f"best of {args.runs}; settings: {args.config}")
    results = []
    failed = False
    left_out_all = set()

    def check(label, chat, config, runs, out):
        """Run both sides on one file and compare; the times and the kefu RSS."""
        nonlocal failed
        settings = load_settings(config)
        k_secs, k_rss = run_kefu(kefu, chat, config, runs, out)
        d_secs, duck, kinds, stages = run_duckdb(chat, settings, runs, args.threads)
        keys, rows = read_kefu_csv(out)
        n_rows, cells, bad, common, left_out = compare(keys, rows, duck, kinds)
        left_out_all.update(left_out)
        print(f"\n{label} ({chat}): {n_rows} agent×day rows, "
              f"{len(common)} metrics, {cells} cells compared, {len(bad)} disagreements")
        print("  DuckDB by statement (s): " + ", ".join(f"{k} {v:.3f}" for k, v in stages.items()))
        flat = constant_metrics(rows, common)
        if flat:
            print(f"  0 or null in every row (compared, but not exercised by this data): {', '.join(flat)}")
        for b in bad[:10]:
            print("  DISAGREE", b)
        if not rows or not cells:
            bad.append("nothing compared")
            print("  nothing compared")
        failed |= bool(bad)
        return k_secs, k_rss, d_secs

    demos = [ensure_data(kefu, n, args.days, data_dir) for n in args.sizes]
    def config_of(d):
        if args.config == "default":
            return None
        return d / "settings.json" if args.config == "demo" else Path(args.config).resolve()

    # Rules first, on the hand-written rows (once, untimed).
    edge = edge_file(data_dir)
    check("hand-written edge cases", edge, config_of(demos[0][0]) if demos else None, 1, data_dir / "report-edge.csv")
    for n, (d, chat) in zip(args.sizes, demos):
        mb = chat.stat().st_size / 1_048_576
        k_secs, k_rss, d_secs = check(f"{n:,} messages, {mb:.1f} MB", chat, config_of(d), args.runs,
                                      data_dir / f"report-{n}.csv")
        results.append((n, mb, k_secs, k_rss / 1024, d_secs))
    if left_out_all:
        print(f"\nnot compared (not in bench/native.sql): {', '.join(sorted(left_out_all))}")
    print(f"\nmachine at the end: {machine()}")
    print()
    head = ["messages", "file MB", "kefu s", "kefu peak MB", "× file", "DuckDB s", "DuckDB / kefu"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for n, mb, ks, rss, ds in results:
        print(f"| {n:,} | {mb:.1f} | {ks:.3f} | {rss:.0f} | {rss / mb:.2f} | {ds:.3f} | {ds / ks:.2f}× |")
    if failed:
        print("\nFAILED: kefu and DuckDB disagree", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
