#!/usr/bin/env python3
"""The scale-out SQL (docs/scale-out/*.sql) against the CLI (issue 12).

Writes a small demo shop with `kefu demo`, asks `kefu report --format json`
for its numbers, writes the same inputs as Parquet with `kefu parquet`
(partitioned by buyer hash), runs the very SQL files the doc quotes with
DuckDB over those files, and compares every metric the SQL gives on every
row: counts exactly, the rest to 1e-9 relative, nulls as nulls. A row on
one side only is a mismatch. Three variants of the inputs: all files; the
chats alone (the null rules without orders and ratings); and the chat table
with every other agent moved to a second shop (several shop rows, buyer-days
that span shops). Prints how many rows and cells agreed; exits 1 on any
mismatch, or when the doc does not quote a SQL file verbatim.

    python3 tests/scaleout/check.py [--kefu target/release/kefu] [--messages 20000] [--parts 5] [--keep]
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SQL_DIR = os.path.join(ROOT, "docs", "scale-out")
TABLES = ["messages", "conversation_days", "rounds", "buyer_days", "orders"]

# The groupings checked: `kefu report --by` value, SQL file, key columns.
GROUPINGS = [("agent-day", "agent_day.sql", ["agent", "day"]), ("shop", "shop.sql", ["shop"])]
SQL_FILES = ["conv_facts.sql"] + [g[1] for g in GROUPINGS]
# Report keys the SQL does not compute yet (docs/scale-out.md, "What does
# not scale this way yet"): the 催付 keys need each message's keyword match
# and the next business day, which the tables do not carry.
NOT_IN_SQL = ["cuifu_orders", "cuifu_covered", "cuifu_coverage_rate", "cuifu_paid", "cuifu_success_rate",
              "cuifu_missed",
              # issue 14 item 6 and the rules' disagreement: they need each
              # message's auto-reply flag and the four rules' per-person
              # verdicts (Kuaishou/Pinduoduo windows, Xiaohongshu sessions) in
              # the tables; docs/scale-out.md lists them as not in SQL yet
              "rules_disagree_buyers", "auto_replied_buyers", "auto_intercepted_buyers", "auto_to_human_buyers",
              "auto_intercept_rate", "auto_first_response_secs"]


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return out.stdout


def inputs(demo):
    """The demo's files as `kefu` input flags, by the names `kefu demo` gives them."""
    chats, orders, ratings, items, refunds = [], [], [], [], []
    for name in sorted(os.listdir(demo)):
        path = os.path.join(demo, name)
        if name == "settings.json":
            continue
        elif name == "商品列表.csv":
            items.append(path)
        elif name == "退款管理.csv":
            refunds.append(path)
        elif name.startswith("ExportOrderList"):
            orders.append(path)
        elif name.startswith("接待评价"):
            ratings.append(path)
        else:
            chats.append(path)
    if not (chats and orders and ratings):
        sys.exit(f"unexpected demo files in {demo}: {os.listdir(demo)}")
    return ["--chats", *chats, "--orders", *orders, "--ratings", *ratings, *(["--items", *items] if items else []),
            *(["--refunds", *refunds] if refunds else []),
            "--config", os.path.join(demo, "settings.json")]


def second_shop(path, out_dir):
    """The per-message chat table (`时间,店铺,客服,…`) with every other agent
    moved to a second shop, so `--by shop` has several rows and buyer-days
    that span shops; other files unchanged (`path` itself)."""
    if not path.endswith("聊天记录_逐条.csv"):
        return path
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    shop, agent = header.index("店铺"), header.index("客服")
    agents = sorted({r[agent] for r in rows[1:]})
    moved = set(agents[::2])
    for r in rows[1:]:
        if r[agent] in moved:
            r[shop] = r[shop] + "二店"
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, os.path.basename(path))
    with open(out, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return out


def connect(pq):
    """DuckDB with each table a view over its Parquet parts (the doc's preamble)."""
    con = duckdb.connect()
    for t in TABLES:
        glob = os.path.join(pq, t, "*", "*.parquet")
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{glob}', hive_partitioning = true)")
    con.execute(f"CREATE VIEW run AS SELECT * FROM read_parquet('{os.path.join(pq, 'run', '*.parquet')}')")
    return con


def sql_file(name):
    with open(os.path.join(SQL_DIR, name), encoding="utf-8") as f:
        return f.read()


def quoted_verbatim():
    """Each SQL file is quoted whole in docs/scale-out.md, so what the doc shows is what runs here."""
    with open(os.path.join(ROOT, "docs", "scale-out.md"), encoding="utf-8") as f:
        doc = f.read()
    missing = [n for n in SQL_FILES if "```sql\n" + sql_file(n).rstrip() + "\n```" not in doc]
    return [f"docs/scale-out.md does not quote docs/scale-out/{n} verbatim" for n in missing]


def same(a, b, count):
    if a is None or b is None:
        return a is None and b is None
    if count:
        return isinstance(b, int) and a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kefu", default=os.path.join(ROOT, "target", "release", "kefu"))
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--parts", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (printed)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="kefu-scaleout-")
    demo = os.path.join(tmp, "demo")
    run([args.kefu, "demo", "--messages", str(args.messages), "--days", "14", "--out", demo])
    full = inputs(demo)
    # The chats alone: no order or rating file, so the order-based rates,
    # the sales amount and the rating rate are null (spec §3), not 0.
    chats_only = full[: full.index("--orders")] + full[full.index("--config") :]
    two_shops = full[:1] + [second_shop(p, os.path.join(tmp, "two-shops")) for p in full[1:]]
    failures, rows_ok, cells_ok = quoted_verbatim(), 0, 0
    variants = [("chats, orders, ratings", full), ("chats only", chats_only), ("two shops", two_shops)]
    for name, flags in variants:
        pq = os.path.join(tmp, "parquet-" + name.replace(" ", "-").replace(",", ""))
        f, r, c = check(args, flags, pq, name)
        failures += f
        rows_ok += r
        cells_ok += c
    print(f"agreed: {rows_ok} rows, {cells_ok} cells")
    if failures:
        print(f"{len(failures)} mismatches (files kept in {tmp}):")
        for f in failures[:40]:
            print("  " + f)
        sys.exit(1)
    if args.keep:
        print(f"kept {tmp}")
    else:
        subprocess.run(["rm", "-rf", tmp])


def check(args, flags, pq, name):
    """Write `flags`' inputs as Parquet, run the SQL, compare with the CLI.
    Returns (failures, rows agreed, cells agreed)."""
    written = json.loads(run([args.kefu, "parquet", *flags, "--out", pq, "--parts", str(args.parts)]))
    print(f"{name}: kefu parquet wrote {args.parts} parts, rows {written['rows']}")
    con = connect(pq)
    con.execute(sql_file("conv_facts.sql"))
    failures, rows_ok, cells_ok = [], 0, 0
    for by, sql, keys in GROUPINGS:
        report = json.loads(run([args.kefu, "report", *flags, "--by", by, "--format", "json"]))
        cli_rows = report["rows"]
        cur = con.execute(sql_file(sql))
        cols = [d[0] for d in cur.description]
        sql_rows = [dict(zip(cols, r)) for r in cur.fetchall()]
        metrics = [c for c in cols if c not in keys]
        # `--by shop` over one shop is the whole-shop row, with no shop field.
        cli_keys = [k for k in keys if all(k in r for r in cli_rows)] if cli_rows else keys
        key = lambda r, ks: tuple(str(r[k]) for k in ks)
        if cli_keys != keys and len(sql_rows) != 1:
            failures.append(f"{by}: the CLI has no {keys} field but the SQL gives {len(sql_rows)} rows")
            continue
        sql_by = {key(r, cli_keys): r for r in sql_rows}
        cli_by = {key(r, cli_keys): r for r in cli_rows}
        for k in sorted(set(cli_by) | set(sql_by)):
            if k not in sql_by or k not in cli_by:
                failures.append(f"{by} {k}: row only in {'the CLI' if k in cli_by else 'the SQL'}")
                continue
            c, s = cli_by[k], sql_by[k]
            row_ok = True
            for m in metrics:
                # Integers in the CLI's JSON are the count metrics.
                if m not in c:
                    failures.append(f"{by} {k}: the CLI has no metric {m}")
                    row_ok = False
                elif same(s[m], c[m], isinstance(c[m], int) and not isinstance(c[m], bool)):
                    cells_ok += 1
                else:
                    failures.append(f"{by} {k} {m}: CLI {c[m]!r}, SQL {s[m]!r}")
                    row_ok = False
            rows_ok += row_ok
        uncovered = [m for m in (cli_rows[0] if cli_rows else {})
                     if m not in metrics and m not in keys and m not in NOT_IN_SQL]
        print(f"  --by {by}: {len(cli_rows)} CLI rows, {len(sql_rows)} SQL rows, {len(metrics)} metrics from SQL"
              + (f"; not covered: {uncovered}" if uncovered else ""))
        if not cli_rows:
            failures.append(f"{by}: the CLI gave no rows")
        if uncovered:
            # docs/scale-out.md says every report metric is in the SQL.
            failures.append(f"{by}: metrics not in {sql}: {uncovered}")
    return failures, rows_ok, cells_ok


if __name__ == "__main__":
    main()
