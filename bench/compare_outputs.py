"""Are two job outputs the same? Every table's rows, compared as a multiset by DuckDB, whatever their order or files.

usage: python3 compare_outputs.py OUTPUT_A OUTPUT_B [RUN_DATE] [--ignore-columns-like PATTERN]

For each table of run date RUN_DATE (default: the newest in OUTPUT_A) it prints the rows and an order-independent
hash of the rows in each output (the sum of a hash of every row), then whether they agree; exit 1 if any differs.
Used to show that a change made for speed changed no result (issue 14). --ignore-columns-like leaves out columns
whose name matches a SQL LIKE pattern (e.g. '%_display' when one side predates the display names).
"""
import argparse
import os
import sys

import duckdb


def tables(root, run_date):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith("_")]
        if os.path.basename(dirpath) == f"run_date={run_date}" and any(f.endswith(".parquet") for f in filenames):
            found.append(os.path.relpath(os.path.dirname(dirpath), root))
    return sorted(found)


def digest(con, root, table, run_date, ignore):
    path = os.path.join(root, table, f"run_date={run_date}", "*.parquet")
    columns = f"COLUMNS(c -> c NOT LIKE '{ignore}')" if ignore else "*"
    return con.execute(f"SELECT count(*), coalesce(sum(hash(t) % 1000000007), 0) "
                       f"FROM (SELECT {columns} FROM read_parquet('{path}')) t").fetchone()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_a")
    parser.add_argument("output_b")
    parser.add_argument("run_date", nargs="?", help="default: the newest in OUTPUT_A (its _runs/latest)")
    parser.add_argument("--ignore-columns-like", metavar="PATTERN", help="leave out columns matching this LIKE pattern")
    args = parser.parse_args()
    a, b, ignore = args.output_a, args.output_b, args.ignore_columns_like
    run_date = args.run_date or open(os.path.join(a, "_runs", "latest")).read().strip()
    con = duckdb.connect()
    names = sorted(set(tables(a, run_date)) | set(tables(b, run_date)))
    same = True
    for t in names:
        da = digest(con, a, t, run_date, ignore) if t in tables(a, run_date) else None
        db = digest(con, b, t, run_date, ignore) if t in tables(b, run_date) else None
        ok = da == db
        same &= ok
        print(f"{'same' if ok else 'DIFFERENT':9} {t:32} {da} {db}")
    sys.exit(0 if same and names else 1)


if __name__ == "__main__":
    main()
