#!/usr/bin/env python3
"""What the published layer's fine-cell design costs in utility, by simulation (docs/published-layer.md, "Why origin
prefecture per year stays near 92 %").

Reads a run's internal enrollments_clean (one night), builds the fine cells of the additive threshold method and of
coarser alternatives, draws each cell's threshold t uniformly in 1..k (what a reader without the key sees; the job's
own thresholds are one such draw), and reports the share of students in origin prefecture x intake year cells whose
published count is above 0, averaged over the draws. Also the ceiling for any method that shows a count below k only
as 0 or k and is right on average: a cell of n < k students is shown above 0 with probability at most n / k.

    python bench/fine_cell_utility.py --output OUT --run-date 2024-06-30 [--k 10] [--draws 20]
    python bench/fine_cell_utility.py --programme-scale 20000 [--seed 1]

The second form generates a night like ProgrammeScaleLayerTest's instead of reading one (20,000 enrollments from 841
origin counties in 22 provinces, 5 counties to a prefecture, into 273 schools of ten host provinces, 6 schools to a
prefecture, five intake years, each origin province paired with one host province, county weights 0.2 + an
exponential draw), with numpy's generator rather than the test's java.util.Random: the same design, other draws.

Needs duckdb and numpy (target/notebook-env has both).
"""
import argparse

import duckdb
import numpy as np

CLASS = """CASE WHEN status <> 'GRADUATED' THEN 0
                WHEN employment_status IS DISTINCT FROM 'EMPLOYED' THEN 1
                WHEN employment_province_code = origin_province_code THEN 3 ELSE 2 END"""

# (label, host coordinate, registered poor in the fine cell, outcome class in the fine cell, thresholds rotated
# within a pairing-year)
DESIGNS = [
    ("host prefecture x registered poor x outcome class (method 2b)", "hp", True, True, False),
    ("host prefecture x registered poor", "hp", True, False, False),
    ("host prefecture alone (the coarsest fine cell that keeps both prefectures per year)", "hp", False, False, False),
    ("host province x registered poor x outcome class", "hv", True, True, False),
    ("host province x registered poor", "hv", True, False, False),
    ("method 2b, thresholds rotated over the 8 classes of a prefecture pairing-year", "hp", True, True, True),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", help="the job's output directory")
    ap.add_argument("--run-date")
    ap.add_argument("--programme-scale", type=int, help="generate a night of this many enrollments instead")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--draws", type=int, default=20)
    a = ap.parse_args()
    k = a.k
    con = duckdb.connect()
    if a.programme_scale:
        con.register("night", programme_scale(a.programme_scale, a.seed))
        base = "SELECT y, op, hp, hv, p, c FROM night"
    else:
        base = enrollments(a.output, a.run_date)
    run(con, base, k, a.draws)


def programme_scale(enrollments, seed):
    """The columns the designs need, for a night generated as ProgrammeScaleLayerTest generates one."""
    import pandas as pd

    g = np.random.default_rng(seed)
    weights = 0.2 + g.exponential(size=841)
    county = np.concatenate([np.arange(841), g.choice(841, size=enrollments - 841, p=weights / weights.sum())])
    province = county * 22 // 841
    host_province = province % 10
    school = host_province * 28 + np.floor(g.random(enrollments) * np.where(host_province == 9, 21, 28)).astype(int)
    year = 2016 + g.integers(0, 5, enrollments)
    graduated = (year <= 2018) & (g.random(enrollments) < 0.8)
    employed = graduated & (g.random(enrollments) < 0.7)
    home = employed & (g.random(enrollments) < 0.4)
    return pd.DataFrame({
        "y": year,
        "op": province * 100 + county // 5 % 99,
        "hp": host_province * 100 + school % 28 // 6,
        "hv": host_province,
        "p": g.random(enrollments) < 0.85,
        "c": np.where(~graduated, 0, np.where(~employed, 1, np.where(home, 3, 2))),
    })


def enrollments(output, run_date):
    src = f"read_parquet('{output}/enrollments_clean/run_date={run_date}/*.parquet')"
    return f"""SELECT intake_year y,
                      coalesce(origin_prefecture_code, substr(origin_province_code, 1, 2) || 'xxxx') op,
                      coalesce(host_prefecture_code, substr(host_province_code, 1, 2) || 'xxxx') hp,
                      host_province_code hv, registered_poor p, {CLASS} c
               FROM {src}"""


def run(con, base, k, draws):
    totals = [r[0] for r in con.execute(f"SELECT count(*) FROM ({base}) GROUP BY y, op").fetchall()]
    n_all = sum(totals)
    ceiling = (sum(n for n in totals if n >= k) + sum(n * n / k for n in totals if n < k)) / n_all
    print(f"{n_all} enrollments, {len(totals)} origin prefecture x intake year cells, k = {k}")
    print(f"ceiling for any unbiased 0-or-k method: {ceiling:.1%}")
    rng = np.random.default_rng(1)
    for label, host, with_poor, with_class, rotated in DESIGNS:
        rows = con.execute(
            f"SELECT y, op, {host}, {'p' if with_poor else 'false'}, {'c' if with_class else '0'}, count(*) "
            f"FROM ({base}) GROUP BY ALL"
        ).fetchall()
        n = np.array([r[5] for r in rows])
        group = {}
        for i, r in enumerate(rows):
            group.setdefault((r[0], r[1]), []).append(i)
        index = [np.array(ix) for ix in group.values()]
        sizes = np.array([n[ix].sum() for ix in index])
        # rotated: the eight (registered poor x outcome class) cells of one (year, origin, host) share one secret
        # rotation u; class j's threshold is 1 + (u + round(j * k / 8)) mod k, each still uniform on 1..k
        pairing = {}
        for i, r in enumerate(rows):
            pairing.setdefault((r[0], r[1], r[2]), []).append(i)
        pair_of = np.zeros(len(n), dtype=int)
        for g, ix in enumerate(pairing.values()):
            pair_of[ix] = g
        offset = np.array([round((2 * int(r[3]) + r[4]) * k / 8) for r in rows])
        shares = []
        for _ in range(draws):
            if rotated:
                u = rng.integers(0, k, size=len(pairing))
                t = 1 + (u[pair_of] + offset) % k
            else:
                t = rng.integers(1, k + 1, size=len(n))
            v = np.where(n >= k, n, np.where(n >= t, k, 0))
            shown = np.array([v[ix].sum() > 0 for ix in index])
            shares.append(sizes[shown].sum() / n_all)
        print(f"{label}: {len(n)} fine cells, {n.mean():.2f} enrollments each, "
              f"origin prefecture x year {np.mean(shares):.1%} (sd {np.std(shares):.1%} over {draws} draws)")


if __name__ == "__main__":
    main()
