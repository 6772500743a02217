"""Tests of cellkey_attack.py, and a measurement of the additive cell key's (method 2, contract-26) guarantee.

Written without the project's Java code: an own implementation of each method from its published contract.
- Method 1 (docs/published-layer.md, "The designed layer (cell key)", each count drawn on its own row): teeth.
  A naive layer (a total and all but one part exact, D = 0) must pin the small part; method 1 itself on a
  600-enrollment layer must show small counts to be small.
- Method 2 (/work/contract-26.md: fine cells (intake year, origin prefecture, host prefecture, registered_poor,
  outcome class), record key = first byte of SHA-256 of pseudonym|record_id, cell key = sum mod 256, fine value 0 / k
  / n, every published count the sum of its fine values): populations of 600 enrollments (5 provinces of 4
  prefectures and an undetermined `xxxx` origin prefecture, 3 intake years, the latest not graduated), k = 10;
  one night, two nights, six nights (each adds 5 % enrollments to the latest year and moves 3 % of earlier
  students forward: graduated, then employed). The attacker does not see the truth; the tests compare its ranges
  with it: every true count in its range (soundness), and the four figures of docs/published-layer.md (small
  counts, shown 1..k-1, narrowed below k values, pinned), printed (-s) and written to target/cellkey_attack_v2_*.json.
  Teeth for method 2: fine values drawn afresh each night (a naive variant) are broken by a reader who assumes
  enrollments are only added; a published 1..k-1 is a leak; a non-additive layer is refused.
- Method 2b (/work/contract-26b.md: the same fine cells, a small one shown k iff n >= t, t = 1 + (first 8 bytes of
  HMAC-SHA256 of the cell's coordinates under a test key) mod k): the same populations and figures; method 2's
  growth leak (kept as teeth) does not reproduce on 2b; a naive 2b that redraws its thresholds each night is caught
  (monotonicity_broken) and broken; every generated night passes check_additive.
  CELLKEY_SLOW=1 adds the six-night growth cases (minutes).

Run: /tmp/attack-venv/bin/python -m pytest -s src/test/python/test_cellkey_attack.py
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import sys
from collections import defaultdict

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cellkey_attack as ca  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

SCHEMAS = {
    "students_by_origin": [("level", pa.string()), ("region_code", pa.string()), ("region_name", pa.string()),
                           ("region_display", pa.string()), ("province_code", pa.string()),
                           ("intake_year", pa.int32()), ("students", pa.int64()), ("registered_poor", pa.int64()),
                           ("registered_poor_share", pa.float64())],
    "province_flows": [("intake_year", pa.int32()), ("origin_province_code", pa.string()),
                       ("origin_province_name", pa.string()), ("host_province_code", pa.string()),
                       ("host_province_name", pa.string()), ("students", pa.int64()),
                       ("registered_poor", pa.int64()), ("registered_poor_share", pa.float64())],
    "province_outcomes": [("intake_year", pa.int32()), ("origin_province_code", pa.string()),
                          ("origin_province_name", pa.string()), ("host_province_code", pa.string()),
                          ("host_province_name", pa.string()), ("students", pa.int64()), ("graduated", pa.int64()),
                          ("employed", pa.int64()), ("employed_in_origin_province", pa.int64()),
                          ("graduation_rate", pa.float64()), ("employment_rate", pa.float64()),
                          ("return_home_rate", pa.float64())],
    "pairing_students": [("host_region_code", pa.string()), ("host_region_name", pa.string()),
                         ("host_region_level", pa.string()), ("origin_region_code", pa.string()),
                         ("origin_region_name", pa.string()), ("origin_region_level", pa.string()),
                         ("intake_year", pa.int32()), ("students", pa.int64()), ("registered_poor", pa.int64()),
                         ("target_students", pa.int64()), ("share_of_target", pa.float64())],
}
SCHEMAS["students_by_host"] = SCHEMAS["students_by_origin"]


def write_layer(root, tables, k, d, run_date="2024-06-30", modulus=256, protection="cell_key"):
    for name, rows in tables.items():
        schema = pa.schema(SCHEMAS[name])
        cols = {f: [r.get(f) for r in rows] for f, _ in SCHEMAS[name]}
        t = pa.table(cols, schema=schema)
        meta = {"crossenroll.report": name, "crossenroll.schema_version": "1", "crossenroll.run_date": run_date,
                "crossenroll.code_version": "test", "crossenroll.min_cell_count": str(k),
                "crossenroll.protection": protection, "crossenroll.cell_key.modulus": str(modulus)}
        if protection == "cell_key":  # method 1
            meta["crossenroll.cell_key.max_deviation"] = str(d)
            meta["crossenroll.cell_key.ptable"] = (f"n=0:0; 1<=n<=k-1: k if c<floor(256n/k) else 0; "
                                                   f"n>=k: max(k, n+(c mod {2*d+1})-{d})")
        t = t.replace_schema_metadata(meta)
        out = os.path.join(root, name, f"run_date={run_date}")
        os.makedirs(out, exist_ok=True)
        pq.write_table(t, os.path.join(out, "part-0.parquet"))


def share(a, b):
    return None if not b else min(1.0, a / b)


# ---------------------------------------------------------------------------------------------------------------
# (a) teeth: a naive layer
# ---------------------------------------------------------------------------------------------------------------

def geo_row(level, code, prov, y, s, rp):
    return {"level": level, "region_code": code, "region_name": code, "region_display": code, "province_code": prov,
            "intake_year": y, "students": s, "registered_poor": rp, "registered_poor_share": share(rp, s)}


def naive_tables():
    """Province 34 has prefectures 3401, 3402, 3403 (3403 seen only through a pairing); origin 34 = 25 students in
    2023: 3401 = 12, 3402 = 11, 3403 absent, so 3403 = 2. Exact values (D = 0, every published value > k)."""
    o = []
    for y in (2023, None):
        o += [geo_row("province", "340000", "340000", y, 25, 15), geo_row("prefecture", "340100", "340000", y, 12, 12),
              geo_row("prefecture", "340200", "340000", y, 11, 0)]
    h = []
    for y in (2023, None):
        h += [geo_row("province", "320000", "320000", y, 25, 15), geo_row("prefecture", "320100", "320000", y, 25, 15)]
    # 3403 appears as a host prefecture with no students: make it seen through a pairing instead
    flows = [{"intake_year": y, "origin_province_code": "340000", "origin_province_name": "a",
              "host_province_code": "320000", "host_province_name": "j", "students": 25, "registered_poor": 15,
              "registered_poor_share": 0.6} for y in (2023, None)]
    outc = [{"intake_year": y, "origin_province_code": "340000", "origin_province_name": "a",
             "host_province_code": hp, "host_province_name": "j", "students": 25, "graduated": 20, "employed": 15,
             "employed_in_origin_province": 10, "graduation_rate": 0.8, "employment_rate": 0.75,
             "return_home_rate": 2 / 3} for y in (2023, None) for hp in ("320000", None)]
    pair = [{"host_region_code": "320000", "host_region_name": "j", "host_region_level": "province",
             "origin_region_code": "340300", "origin_region_name": "c", "origin_region_level": "prefecture",
             "intake_year": None, "students": 0, "registered_poor": 0, "target_students": 50, "share_of_target": 0.0}]
    return {"students_by_origin": o, "students_by_host": h, "province_flows": flows, "province_outcomes": outc,
            "pairing_students": pair}


def test_naive_layer_small_part_is_pinned(tmp_path):
    write_layer(str(tmp_path), naive_tables(), k=10, d=0)
    out = tmp_path / "r.json"
    code = ca.main(["--published", str(tmp_path), "--json", str(out), "--cells"])
    rep = json.loads(out.read_text())
    assert code == 1
    pinned = [c for c in rep["cells"] if c["table"] == "students_by_origin" and c["key"][:2] == ["prefecture", "340300"]
              and c["count"] == "students"]
    assert pinned and all(c["min"] == c["max"] == 2 for c in pinned), pinned
    assert rep["pinned"] >= 2 and rep["shown_small"] >= 2


def test_missing_footer_is_a_data_error(tmp_path):
    write_layer(str(tmp_path), naive_tables(), k=10, d=0)
    f = tmp_path / "province_flows" / "run_date=2024-06-30" / "part-0.parquet"
    t = pq.read_table(f).replace_schema_metadata({"crossenroll.report": "province_flows"})
    pq.write_table(t, f)
    assert ca.main(["--published", str(tmp_path)]) == 2


def test_nothing_to_find_exits_0(tmp_path):
    """Every cell large and the relations loose: no small count can be narrowed."""
    o = [geo_row("province", "340000", "340000", y, 40, 20) for y in (2023, None)]
    o += [geo_row("prefecture", "340100", "340000", y, 40, 20) for y in (2023, None)]
    h = [geo_row("province", "320000", "320000", y, 40, 20) for y in (2023, None)]
    h += [geo_row("prefecture", "320100", "320000", y, 40, 20) for y in (2023, None)]
    flows = [{"intake_year": y, "origin_province_code": "340000", "origin_province_name": "a",
              "host_province_code": "320000", "host_province_name": "j", "students": 40, "registered_poor": 20,
              "registered_poor_share": 0.5} for y in (2023, None)]
    outc = [{"intake_year": y, "origin_province_code": "340000", "origin_province_name": "a",
             "host_province_code": hp, "host_province_name": "j", "students": 40, "graduated": 30, "employed": 20,
             "employed_in_origin_province": 15, "graduation_rate": 0.75, "employment_rate": 2 / 3,
             "return_home_rate": 0.75} for y in (2023, None) for hp in ("320000", None)]
    pair = [{"host_region_code": "320000", "host_region_name": "j", "host_region_level": "province",
             "origin_region_code": "340000", "origin_region_name": "a", "origin_region_level": "province",
             "intake_year": y, "students": 40, "registered_poor": 20, "target_students": 50, "share_of_target": 0.8}
            for y in (2023, None)]
    write_layer(str(tmp_path), {"students_by_origin": o, "students_by_host": h, "province_flows": flows,
                                "province_outcomes": outc, "pairing_students": pair}, k=10, d=3)
    assert ca.main(["--published", str(tmp_path)]) == 0
    # but the difference host 32 - flow 34->32 (two published values of 40, each +-3) bounds the absent flow 32->32
    # to 0..6: narrower than k, though not shown to be non-zero
    out = tmp_path / "r.json"
    assert ca.main(["--published", str(tmp_path), "--fail-on", "narrowed", "--json", str(out), "--cells"]) == 1
    cell = [c for c in json.loads(out.read_text())["cells"] if c["table"] == "province_flows"
            and c["key"] == ["320000", "320000", 2023] and c["count"] == "students"]
    assert cell[0]["min"] == 0 and cell[0]["max"] == 6


# ---------------------------------------------------------------------------------------------------------------
# (b) an own implementation of the documented method
# ---------------------------------------------------------------------------------------------------------------

def record_key(pseudonym, record_id):
    return hashlib.sha256(f"{pseudonym}|{record_id}".encode("utf-8")).digest()[0]


def ptable(n, c, k, d):
    if n == 0:
        return 0
    if n <= k - 1:
        return k if c < (256 * n) // k else 0
    return max(k, n + (c % (2 * d + 1)) - d)


def population(seed, n_students, n_prov=5, prefs_per_prov=4, years=(2021, 2022, 2023)):
    rng = random.Random(seed)
    provs = [f"{31 + i}0000" for i in range(n_prov)]
    prefs = {p: [f"{p[:2]}{j + 1:02d}00" for j in range(prefs_per_prov)] for p in provs}
    pw = [1.0 / (i + 1) for i in range(n_prov)]
    fw = [1.0 / (j + 1) ** 1.3 for j in range(prefs_per_prov)]
    recs = []
    for i in range(n_students):
        op = rng.choices(provs, pw)[0]
        hp = rng.choices(provs, pw[::-1])[0]
        y = rng.choice(years)
        grad = rng.random() < 0.7
        emp = grad and rng.random() < 0.7
        recs.append({"pseudonym": hashlib.sha256(f"s{seed}-{i}".encode()).hexdigest(), "record_id": f"r{i}",
                     "o_prov": op, "o_pref": rng.choices(prefs[op], fw)[0], "h_prov": hp,
                     "h_pref": rng.choices(prefs[hp], fw)[0], "year": y, "poor": rng.random() < 0.3,
                     "graduated": grad, "employed": emp, "emp_origin": emp and rng.random() < 0.5})
    return recs, provs, prefs


def next_night(recs, seed, provs, prefs, latest, added=0.05, changed=0.03):
    rng = random.Random(seed + 1000)
    recs2 = [dict(r) for r in recs]
    for r in recs2:
        if rng.random() < changed and r["year"] != latest:  # an outcome changes for an earlier cohort
            r["graduated"] = True
            r["employed"] = rng.random() < 0.7
            r["emp_origin"] = r["employed"] and rng.random() < 0.5
    base = len(recs)
    pw = [1.0 / (i + 1) for i in range(len(provs))]
    for i in range(int(added * len(recs))):
        op = rng.choices(provs, pw)[0]
        hp = rng.choices(provs, pw[::-1])[0]
        recs2.append({"pseudonym": hashlib.sha256(f"s{seed}-n{i}".encode()).hexdigest(), "record_id": f"r{base + i}",
                      "o_prov": op, "o_pref": rng.choice(prefs[op]), "h_prov": hp, "h_pref": rng.choice(prefs[hp]),
                      "year": latest, "poor": rng.random() < 0.3, "graduated": False, "employed": False,
                      "emp_origin": False})
    return recs2


def build_layer(recs, provs, prefs, pairings, k, d):
    """Returns (tables, truth) with truth[(kind, key, col)] = true count of every cell of the attacker's universe
    whose row has contributors (cells without any are 0)."""
    for r in recs:
        r["rk"] = record_key(r["pseudonym"], r["record_id"])
    years = sorted({r["year"] for r in recs})
    cells = defaultdict(lambda: [0, 0])  # (kind, key, col) -> [n, sum of r]

    def add(kind, key, col, r):
        c = cells[(kind, key, col)]
        c[0] += 1
        c[1] += r["rk"]

    for r in recs:
        for y in (r["year"], None):
            conds = {"students": True, "registered_poor": r["poor"]}
            for col, ok in conds.items():
                if not ok:
                    continue
                add("O", ("province", r["o_prov"], y), col, r)
                add("O", ("prefecture", r["o_pref"], y), col, r)
                add("H", ("province", r["h_prov"], y), col, r)
                add("H", ("prefecture", r["h_pref"], y), col, r)
                add("F", (r["o_prov"], r["h_prov"], y), col, r)
                for (hc, hl, oc, ol) in pairings:
                    if (r["h_prov"] if hl == "province" else r["h_pref"]) == hc and \
                            (r["o_prov"] if ol == "province" else r["o_pref"]) == oc:
                        add("P", (hc, hl, oc, ol, y), col, r)
            qc = {"students": True, "graduated": r["graduated"], "employed": r["employed"],
                  "employed_in_origin_province": r["emp_origin"]}
            for col, ok in qc.items():
                if ok:
                    add("Q", (r["o_prov"], r["h_prov"], y), col, r)
                    add("Q", (r["o_prov"], None, y), col, r)

    def val(kind, key, col):
        n, s = cells.get((kind, key, col), (0, 0))
        return ptable(n, s % 256, k, d)

    truth = {key: v[0] for key, v in cells.items()}
    t = {name: [] for name in ca.TABLES}
    for kind, name in (("O", "students_by_origin"), ("H", "students_by_host")):
        for p in provs:
            for lvl, code in [("province", p)] + [("prefecture", f) for f in prefs[p]]:
                for y in years + [None]:
                    s, rp = val(kind, (lvl, code, y), "students"), val(kind, (lvl, code, y), "registered_poor")
                    if s > 0:
                        t[name].append(geo_row(lvl, code, p, y, s, rp))
    for o in provs:
        for h in provs:
            for y in years + [None]:
                s, rp = val("F", (o, h, y), "students"), val("F", (o, h, y), "registered_poor")
                if s > 0:
                    t["province_flows"].append({"intake_year": y, "origin_province_code": o, "origin_province_name": o,
                                                "host_province_code": h, "host_province_name": h, "students": s,
                                                "registered_poor": rp, "registered_poor_share": share(rp, s)})
        for h in provs + [None]:
            for y in years + [None]:
                vs = {c: val("Q", (o, h, y), c) for c in ca.COLS["Q"]}
                if vs["students"] > 0:
                    t["province_outcomes"].append({
                        "intake_year": y, "origin_province_code": o, "origin_province_name": o,
                        "host_province_code": h, "host_province_name": h, **vs,
                        "graduation_rate": share(vs["graduated"], vs["students"]),
                        "employment_rate": share(vs["employed"], vs["graduated"]),
                        "return_home_rate": share(vs["employed_in_origin_province"], vs["employed"])})
    for (hc, hl, oc, ol) in pairings:
        for y in years + [None]:
            s, rp = val("P", (hc, hl, oc, ol, y), "students"), val("P", (hc, hl, oc, ol, y), "registered_poor")
            if s > 0 or y is None:
                t["pairing_students"].append({"host_region_code": hc, "host_region_name": hc, "host_region_level": hl,
                                              "origin_region_code": oc, "origin_region_name": oc,
                                              "origin_region_level": ol, "intake_year": y, "students": s,
                                              "registered_poor": rp, "target_students": 100,
                                              "share_of_target": share(s, 100)})
    return t, truth


def pairings_for(provs, prefs):
    if len(provs) < 3 or len(prefs[provs[0]]) < 3:
        return [(provs[-1], "province", provs[0], "province"), (prefs[provs[-1]][0], "prefecture",
                                                                 prefs[provs[0]][0], "prefecture")]
    return [(provs[-1], "province", provs[0], "province"), (provs[-2], "province", prefs[provs[1]][0], "prefecture"),
            (prefs[provs[-1]][1], "prefecture", prefs[provs[0]][2], "prefecture")]


def true_of(truth, cell):
    kind = {"students_by_origin": "O", "students_by_host": "H", "province_flows": "F", "province_outcomes": "Q",
            "pairing_students": "P"}[cell["table"]]
    key = tuple(cell["key"])
    if "-" in cell["count"]:
        a, b = cell["count"].split("-")
        return truth.get((kind, key, a), 0) - truth.get((kind, key, b), 0)
    return truth.get((kind, key, cell["count"]), 0)


def score(rep, truths, k, night):
    """Over the small true counts (1..k-1) of one night: how many the attacker narrowed below k, pinned, showed
    small; and whether every true count lies in its range."""
    st = defaultdict(int)
    for c in rep["cells"]:
        if c["night"] != night:
            continue
        n = true_of(truths[night], c)
        comp = c["published"] == "complement"
        tag = "complement" if comp else "count"
        if c["min"] is not None and not (c["min"] <= n <= c["max"]):
            st["unsound_" + tag] += 1
        if not 1 <= n <= k - 1:
            continue
        st["small_" + tag] += 1
        if c["min"] is None:
            continue
        width = c["max"] - c["min"] + 1
        if width < k:
            st["narrowed_" + tag] += 1
        if c["min"] == c["max"]:
            st["pinned_" + tag] += 1
        if c["min"] >= 1 and c["max"] <= k - 1:
            st["shown_small_" + tag] += 1
    return dict(st)


def run_case(tmp, seed, n_students, k, d, two_nights, tie="row", n_nights=None):
    recs, provs, prefs = population(seed, n_students)
    pairs = pairings_for(provs, prefs)
    latest = max(r["year"] for r in recs)
    t0, tr0 = build_layer(recs, provs, prefs, pairs, k, d)
    n0 = os.path.join(tmp, f"s{seed}-n0")
    write_layer(n0, t0, k, d, run_date="2024-06-29")
    args = ["--published", n0]
    truths = [tr0]
    nn = n_nights or (2 if two_nights else 1)
    dirs = [n0]
    for i in range(1, nn):  # each night adds enrollments to the latest year and changes some outcomes
        recs = next_night(recs, seed * 100 + i, provs, prefs, latest)
        t1, tr1 = build_layer(recs, provs, prefs, pairs, k, d)
        n1 = os.path.join(tmp, f"s{seed}-n{i}")
        write_layer(n1, t1, k, d, run_date=f"2024-07-{i:02d}")
        dirs.append(n1)
        truths.append(tr1)
    if nn > 1:
        args = ["--published", dirs[-1], "--tie", tie, "--only-last"]
        for dr in dirs[:-1]:
            args += ["--previous", dr]
    out = os.path.join(tmp, f"s{seed}-{int(two_nights)}-{tie}.json")
    code = ca.main(args + ["--json", out, "--cells"])
    rep = json.load(open(out))
    return code, rep, score(rep, truths, k, nn - 1)




def test_method1_per_row_draws_are_broken(tmp_path):
    """Teeth: method 1 (each published count drawn on its own row, D = 3) on an own 600-enrollment layer: the
    attacker shows small counts to be small (a year drawn k, its all-years row drawn 0, ...)."""
    code, rep, st = run_case(str(tmp_path), 1, 600, 10, 3, False)
    assert code == 1 and st.get("shown_small_count", 0) > 0, st


# ---------------------------------------------------------------------------------------------------------------
# Method 2 (contract-26, the additive cell key): an own implementation
# ---------------------------------------------------------------------------------------------------------------

V2 = "additive_cell_key"
NOT_GRAD, GRAD_NOT_EMP, EMP_ELSEWHERE, EMP_HOME = range(4)


def population2(seed, n, n_prov=5, prefs_per_prov=4, years=(2021, 2022, 2023), undetermined=0.03):
    """Enrollments: pseudonym, record_id, intake year, origin and host prefecture (a few origins undetermined,
    `31xxxx`), registered_poor, outcome class. The latest intake year has not graduated; earlier cohorts have
    graduated with probability 0.7, employed 0.7 of those, half of them in their origin province."""
    rng = random.Random(seed)
    provs = [f"{31 + i}0000" for i in range(n_prov)]
    prefs = {p: [f"{p[:2]}{j + 1:02d}00" for j in range(prefs_per_prov)] for p in provs}
    pw = [1.0 / (i + 1) for i in range(n_prov)]
    fw = [1.0 / (j + 1) ** 1.3 for j in range(prefs_per_prov)]
    latest = max(years)
    recs = [new_enrollment(rng, f"s{seed}-{i}", f"r{i}", provs, prefs, pw, fw, rng.choice(years), latest, undetermined)
            for i in range(n)]
    return recs, provs, prefs


def new_enrollment(rng, sid, rid, provs, prefs, pw, fw, year, latest, undetermined=0.03):
    op = rng.choices(provs, pw)[0]
    hp = rng.choices(provs, pw[::-1])[0]
    o_pref = f"{op[:2]}xxxx" if rng.random() < undetermined else rng.choices(prefs[op], fw)[0]
    cls = NOT_GRAD
    if year != latest and rng.random() < 0.7:
        cls = GRAD_NOT_EMP
        if rng.random() < 0.7:
            cls = EMP_HOME if rng.random() < 0.5 else EMP_ELSEWHERE
    return {"pseudonym": hashlib.sha256(sid.encode()).hexdigest(), "record_id": rid, "year": year,
            "o_prov": op, "o_pref": o_pref, "h_prov": hp, "h_pref": rng.choices(prefs[hp], fw)[0],
            "poor": int(rng.random() < 0.3), "cls": cls}


def next_night2(recs, seed, provs, prefs, latest, added=0.05, changed=0.03):
    """The next night: 5 % new enrollments in the latest intake year; 3 % of the earlier cohorts move forward
    (a student graduates, a graduate finds work). Enrollments are never removed."""
    rng = random.Random(seed + 1000)
    out = [dict(r) for r in recs]
    for r in out:
        if r["year"] != latest and rng.random() < changed:
            if r["cls"] == NOT_GRAD:
                r["cls"] = GRAD_NOT_EMP
            elif r["cls"] == GRAD_NOT_EMP:
                r["cls"] = EMP_HOME if rng.random() < 0.5 else EMP_ELSEWHERE
    pw = [1.0 / (i + 1) for i in range(len(provs))]
    fw = [1.0] * len(next(iter(prefs.values())))
    base = len(recs)
    for i in range(int(added * len(recs))):
        out.append(new_enrollment(rng, f"s{seed}-n{i}", f"r{base + i}-{seed}", provs, prefs, pw, fw, latest, latest))
    return out


def fine_value(n, c, k):
    if n == 0:
        return 0
    if n <= k - 1:
        return k if c < (256 * n) // k else 0
    return n


COND2 = {"students": lambda p, c: True, "registered_poor": lambda p, c: p == 1,
         "graduated": lambda p, c: c != NOT_GRAD, "employed": lambda p, c: c in (EMP_ELSEWHERE, EMP_HOME),
         "employed_in_origin_province": lambda p, c: c == EMP_HOME}


V2B = "additive_threshold"
TEST_KEY = b"crossenroll test pseudonym key (attacker's own implementation)"
CLASS_NAMES = ("not_graduated", "graduated_not_employed", "employed_elsewhere", "employed_at_home")


def threshold(key, y, op, hp, poor, cl, k):
    """Method 2b's secret threshold of a fine cell (contract-26b item 1): t = 1 + (h mod k), h the first 8 bytes
    (unsigned, big-endian) of HMAC-SHA256 under the pseudonym key of `intake_year|origin_prefecture|host_prefecture|
    registered_poor|outcome_class` (UTF-8). The contract does not spell registered_poor's text: `true`/`false` here
    (a reader without the key cannot compute t either way)."""
    msg = f"{y}|{op}|{hp}|{'true' if poor else 'false'}|{CLASS_NAMES[cl]}".encode("utf-8")
    h = int.from_bytes(hmac.new(key, msg, hashlib.sha256).digest()[:8], "big")
    return 1 + h % k


def fine_value_2b(n, t, k):
    if n == 0:
        return 0
    if n <= k - 1:
        return k if n >= t else 0
    return n


def build_layer2(recs, provs, prefs, pairings, k, salt=None, method=None):
    """The five tables of method 2 (or 2b: method=V2B) from the enrollments, and the truth: (kind, key, count) ->
    true count, and fine cell (year, origin pref, host pref, poor, class) -> true count. salt: a naive variant that
    draws every fine cell afresh each night (method 2: the record key salted with the night; method 2b: the
    pseudonym key salted with the night, new thresholds every night)."""
    fine = defaultdict(lambda: [0, 0])
    for r in recs:
        key = f"{r['pseudonym']}|{r['record_id']}" + ("" if salt is None else f"|{salt}")
        rk = hashlib.sha256(key.encode("utf-8")).digest()[0]
        c = fine[(r["year"], r["o_pref"], r["h_pref"], r["poor"], r["cls"])]
        c[0] += 1
        c[1] += rk
    prov_of = {f: p for p in provs for f in prefs[p]}
    prov_of.update({f"{p[:2]}xxxx": p for p in provs})
    pub = defaultdict(int)
    truth = defaultdict(int)
    key2b = TEST_KEY if salt is None else TEST_KEY + f"|night {salt}".encode()
    for (y, op, hp, poor, cl), (n, s) in fine.items():
        if method == V2B:
            v = fine_value_2b(n, threshold(key2b, y, op, hp, poor, cl, k), k)
        else:
            v = fine_value(n, s % 256, k)
        o, h = prov_of[op], prov_of[hp]
        for yy in (y, None):
            rows = [("O", ("province", o, yy)), ("O", ("prefecture", op, yy)), ("H", ("province", h, yy)),
                    ("H", ("prefecture", hp, yy)), ("F", (o, h, yy))]
            rows += [("P", pk + (yy,)) for pk in pairings
                     if pk[0] == (h if pk[1] == "province" else hp) and pk[2] == (o if pk[3] == "province" else op)]
            for kind, key in rows:
                for col in ("students", "registered_poor"):
                    if COND2[col](poor, cl):
                        pub[(kind, key, col)] += v
                        truth[(kind, key, col)] += n
            for key in ((o, h, yy), (o, None, yy)):
                for col in ("students", "graduated", "employed", "employed_in_origin_province"):
                    if COND2[col](poor, cl):
                        pub[("Q", key, col)] += v
                        truth[("Q", key, col)] += n
    years = sorted({r["year"] for r in recs})
    t = {name: [] for name in ca.TABLES}
    for kind, name in (("O", "students_by_origin"), ("H", "students_by_host")):
        for p in provs:
            regions = [("province", p)] + [("prefecture", f) for f in prefs[p]]
            if kind == "O":
                regions.append(("prefecture", f"{p[:2]}xxxx"))
            for lvl, code in regions:
                for y in years + [None]:
                    s, rp = pub[(kind, (lvl, code, y), "students")], pub[(kind, (lvl, code, y), "registered_poor")]
                    if s > 0:
                        t[name].append(geo_row(lvl, code, p, y, s, rp))
    for o in provs:
        for h in provs:
            for y in years + [None]:
                s, rp = pub[("F", (o, h, y), "students")], pub[("F", (o, h, y), "registered_poor")]
                if s > 0:
                    t["province_flows"].append({"intake_year": y, "origin_province_code": o, "origin_province_name": o,
                                                "host_province_code": h, "host_province_name": h, "students": s,
                                                "registered_poor": rp, "registered_poor_share": share(rp, s)})
        for h in provs + [None]:
            for y in years + [None]:
                vs = {c: pub[("Q", (o, h, y), c)] for c in ("students", "graduated", "employed",
                                                            "employed_in_origin_province")}
                if vs["students"] > 0:
                    t["province_outcomes"].append({
                        "intake_year": y, "origin_province_code": o, "origin_province_name": o,
                        "host_province_code": h, "host_province_name": h, **vs,
                        "graduation_rate": share(vs["graduated"], vs["students"]),
                        "employment_rate": share(vs["employed"], vs["graduated"]),
                        "return_home_rate": share(vs["employed_in_origin_province"], vs["employed"])})
    for (hc, hl, oc, ol) in pairings:
        for y in years + [None]:
            s, rp = pub[("P", (hc, hl, oc, ol, y), "students")], pub[("P", (hc, hl, oc, ol, y), "registered_poor")]
            if s > 0 or y is None:
                t["pairing_students"].append({"host_region_code": hc, "host_region_name": hc, "host_region_level": hl,
                                              "origin_region_code": oc, "origin_region_name": oc,
                                              "origin_region_level": ol, "intake_year": y, "students": s,
                                              "registered_poor": rp, "target_students": 100,
                                              "share_of_target": share(s, 100)})
    return t, dict(truth), {kk: v[0] for kk, v in fine.items()}


def truth_of2(e, truth, fine):
    """The true count of an attacked target (an entry of v2_attack's results)."""
    if e["class"] == "fine":
        return fine.get(tuple(e["key"]), 0)
    kind, key, col = e["kind"], tuple(e["key"]), e["count"]
    if "-" in col:
        a, b = col.split("-")
        return truth.get((kind, key, a), 0) - truth.get((kind, key, b), 0)
    return truth.get((kind, key, col), 0)


def score2(rep, truth, fine, k):
    """Over the attacker's targets of the attacked night: the small true counts (1..k-1), and of those how many were
    shown to be 1..k-1, narrowed below k values, pinned; any true count outside its range (unsound)."""
    st = defaultdict(int)
    k_ = k
    cons = rep["_cons"]
    cells = rep["_cells"]
    attacked = {(e["class"], e["kind"], tuple(e["key"]) if e["class"] != "fine" else tuple(e["key"]), e["count"]): e
                for e in rep["_results"]}
    # every count and complement target of the universe, and every fine cell
    for (kind, key, col) in cons:
        comps = [("count", col)]
        if col == "registered_poor":
            comps.append(("complement", "students-registered_poor"))
        elif kind == "Q" and col != "students":
            parent = {"graduated": "students", "employed": "graduated", "employed_in_origin_province": "employed"}[col]
            comps.append(("complement", f"{parent}-{col}"))
        for cls, c in comps:
            _tally(st, cls, attacked.get((cls, kind, key, c)),
                   truth_of2({"class": cls, "kind": kind, "key": key, "count": c}, truth, fine), k_)
    for cell in cells:
        _tally(st, "fine", attacked.get(("fine", "fine", cell, "n")), fine.get(cell, 0), k_)
    return dict(st)


def _tally(st, cls, e, n, k):
    if e is not None and not (e["min"] <= n <= e["max"]):
        st["unsound_" + cls] += 1
    if not 1 <= n <= k - 1:
        return
    st["small_" + cls] += 1
    if e is None:
        return
    if e["max"] - e["min"] + 1 < k:
        st["narrowed_" + cls] += 1
    if e["min"] == e["max"]:
        st["pinned_" + cls] += 1
    if e["min"] >= 1 and e["max"] <= k - 1:
        st["shown_small_" + cls] += 1


def run_case2(tmp, seed, n_nights, k=10, n=600, salt_nights=False, pop=None, method=V2, **assume):
    recs, provs, prefs = population2(seed, **(pop or {"n": n}))
    pairs = pairings_for(provs, prefs)
    latest = max(r["year"] for r in recs)
    nights = []
    truth = fine = None
    for i in range(n_nights):
        if i:
            recs = next_night2(recs, seed * 100 + i, provs, prefs, latest)
        t, truth, fine = build_layer2(recs, provs, prefs, pairs, k, salt=i if salt_nights else None, method=method)
        d = os.path.join(tmp, f"{method}-s{seed}-{n_nights}-{int(salt_nights)}-n{i}")
        write_layer(d, t, k, 0, run_date=f"2024-07-{i + 1:02d}", protection=method)
        assert ca.check_additive(ca.read_night(d, None))["violation_count"] == 0
        nights.append(ca.read_night(d, None))
    rep = ca.v2_attack(nights, **assume)
    return rep, score2(rep, truth, fine, k)


def test_v2_published_small_value_is_a_leak(tmp_path):
    recs, provs, prefs = population2(3, 200)
    t, _, _ = build_layer2(recs, provs, prefs, pairings_for(provs, prefs), 10)
    t["province_flows"][0]["registered_poor"] = 3  # a published 3: the contract never shows 1..k-1
    write_layer(str(tmp_path), t, 10, 0, protection=V2)
    out = tmp_path / "r.json"
    assert ca.main(["--published", str(tmp_path), "--json", str(out), "--no-fine"]) == 1
    assert json.loads(out.read_text())["published_small"]


def test_unknown_protection_is_refused(tmp_path):
    write_layer(str(tmp_path), naive_tables(), k=10, d=0, protection="rounding")
    assert ca.main(["--published", str(tmp_path)]) == 2


SMALL = {"n": 80, "n_prov": 2, "prefs_per_prov": 1, "undetermined": 0.0}  # one prefecture per province


def test_v2_teeth_fresh_draws_each_night(tmp_path):
    """Teeth: a naive method 2 whose fine values are drawn afresh every night (record key salted with the night).
    A reader who knows enrollments are only added and the latest cohort has not graduated (--growth
    --current-cohort) shows small cells to be small: a fine cell drawn k one night and 0 the next holds 1..k-1."""
    rep, st = run_case2(str(tmp_path), 1, 4, salt_nights=True, pop=SMALL, growth=True, current_cohort=True)
    print("fresh draws, 4 nights:", st)
    assert st.get("shown_small_fine", 0) + st.get("shown_small_count", 0) > 0, st
    assert not any(kk.startswith("unsound") for kk in st), st


def test_v2_teeth_exact_totals_inconsistent(tmp_path):
    """A layer that is not additive (a total published exactly beside parts published as fine values) is no
    method-2 layer: the attacker says so (exit 2) rather than reporting nothing."""
    recs, provs, prefs = population2(4, 300)
    t, truth, _ = build_layer2(recs, provs, prefs, pairings_for(provs, prefs), 10)
    for r in t["students_by_origin"]:
        if r["level"] == "province" and r["intake_year"] is None:
            r["students"] = truth[("O", ("province", r["region_code"], None), "students")]
    write_layer(str(tmp_path), t, 10, 0, protection=V2)
    assert ca.main(["--published", str(tmp_path), "--no-fine"]) == 2


def test_v2_growth_leak_minimal(tmp_path):
    """The finding: method 2 itself, several nights, a reader who assumes enrollments are only added (--growth) and
    that the latest cohort has not graduated (--current-cohort). A fine cell that gains an enrollment gets a new key
    and a new draw: shown k (1..k enrollments) one night and 0 (0..k-1) a later night while it can only have grown,
    it holds 1..k-1 on the later night. Where a published count is that one fine cell (a province flow of the latest
    year, registered_poor, with one prefecture per province), the count is shown small."""
    found = []
    for seed in (1, 2, 3):
        rep, st = run_case2(str(tmp_path), seed, 4, pop=SMALL, growth=True, current_cohort=True)
        assert not any(kk.startswith("unsound") for kk in st), st
        print(f"seed {seed}: {st}")
        for e in rep["worst"]:
            if e["min"] >= 1 and e["max"] <= 9:
                print("   shown small:", e)
        found.append(st.get("shown_small_count", 0) + st.get("shown_small_fine", 0))
        # without the growth assumption, the same layers give nothing (the contract's claim)
        rep0, st0 = run_case2(str(tmp_path), seed, 4, pop=SMALL, tie="cell")
        assert not any(kk.startswith("narrowed") for kk in st0), st0
    assert sum(found) > 0, found
    # the minimal example (seed 1): province_flows 31 -> 31, intake 2023, registered_poor is published 10, 10, 10, 0
    # on four nights (true 3, 3, 3, 4: one enrollment added on the last night, a new key, drawn 0). A reader who also
    # knows that province 31 has no other prefecture than 310100 (--closed-regions) learns the published 0 is 1..9.
    rep, st = run_case2(str(tmp_path), 1, 4, pop=SMALL, growth=True, current_cohort=True, closed_regions=True)
    hit = [e for e in rep["_leaks"] if e["class"] == "count" and e["kind"] == "F" and e["count"] == "registered_poor"
           and tuple(e["key"]) == ("310000", "310000", 2023) and e["night"] == 3]
    assert hit and hit[0]["min"] == 1 and hit[0]["max"] == 9, rep["worst"]


def test_v2b_no_growth_leak_on_the_same_populations(tmp_path):
    """Method 2b (contract-26b, thresholds fixed per fine cell) on the populations where method 2 leaks
    (test_v2_growth_leak_minimal): the same reader (--growth --current-cohort, and --closed-regions) narrows nothing;
    the 2b relations (monotone fine values) are in the system and the layer keeps them."""
    for seed in (1, 2, 3):
        for extra in ({}, {"closed_regions": True}):
            rep, st = run_case2(str(tmp_path), seed, 4, pop=SMALL, method=V2B, growth=True, current_cohort=True,
                                **extra)
            print(f"2b seed {seed} {extra}: {st} relations {rep['relations']}")
            assert rep["method"] == V2B and not rep["monotonicity_broken"], rep["notes"]
            assert rep["relations"].get("v2b_monotone_value", 0) > 0, rep["relations"]
            assert not any(kk.startswith(("unsound", "narrowed")) for kk in st), (st, rep["worst"])
            assert not rep["published_small"]
    # the minimal example's cell: province_flows 31 -> 31, 2023, registered_poor on the fourth night, wide
    rep, st = run_case2(str(tmp_path), 1, 4, pop=SMALL, method=V2B, growth=True, current_cohort=True,
                        closed_regions=True)
    e = [e for e in rep["_results"] if e["class"] == "count" and e["kind"] == "F" and e["count"] == "registered_poor"
         and tuple(e["key"]) == ("310000", "310000", 2023)]
    assert all(x["max"] - x["min"] + 1 >= 10 for x in e), e


def test_v2b_teeth_thresholds_redrawn_each_night(tmp_path):
    """Teeth for 2b: a naive 2b whose thresholds are drawn afresh every night (the key salted with the night). Under
    --growth --current-cohort a fine value that falls while its count rises breaks 2b's promise: the attacker says
    so (monotonicity_broken, exit 1 through main) and, with method 2's relations, shows small cells to be small."""
    broken = found = 0
    for seed in (1, 2, 3):
        rep, st = run_case2(str(tmp_path), seed, 4, pop=SMALL, method=V2B, salt_nights=True, growth=True,
                            current_cohort=True)
        assert not any(kk.startswith("unsound") for kk in st), st
        print(f"2b redrawn, seed {seed}: broken={rep['monotonicity_broken']} {st}")
        broken += rep["monotonicity_broken"]
        found += st.get("shown_small_fine", 0) + st.get("shown_small_count", 0)
    assert broken > 0 and found > 0, (broken, found)


def test_v2b_output_dir_cli_and_check(tmp_path):
    """The CLI on 2b: --output/--run-date/--previous-run-date/--k/--json, --growth --current-cohort, --check; a
    table that does not add up is a finding (exit 1 from --check)."""
    recs, provs, prefs = population2(7, 150)
    pairs = pairings_for(provs, prefs)
    t0, _, _ = build_layer2(recs, provs, prefs, pairs, 10, method=V2B)
    t1, _, _ = build_layer2(next_night2(recs, 7, provs, prefs, 2023), provs, prefs, pairs, 10, method=V2B)
    pub = str(tmp_path / "out" / "published")
    write_layer(pub, t0, 10, 0, run_date="2024-06-29", protection=V2B)
    write_layer(pub, t1, 10, 0, run_date="2024-06-30", protection=V2B)
    out = str(tmp_path / "out")
    assert ca.main(["--output", out]) == 2
    assert ca.main(["--output", out, "--run-date", "2024-06-30", "--k", "5"]) == 2
    assert ca.main(["--output", out, "--run-date", "2024-06-30", "--check"]) == 0
    for extra in ([], ["--growth", "--current-cohort"]):
        rep = tmp_path / "r.json"
        code = ca.main(["--output", out, "--run-date", "2024-06-30", "--previous-run-date", "2024-06-29", "--k", "10",
                        "--json", str(rep)] + extra)
        r = json.loads(rep.read_text())
        assert r["method"] == V2B and r["exit"] == code == 0, r["worst"]
    # a rate from the true counts (not the published ones) is a contract violation
    bad = str(tmp_path / "bad")
    t1["province_flows"][0]["registered_poor_share"] = 0.123456
    write_layer(bad, t1, 10, 0, run_date="2024-06-30", protection=V2B)
    assert ca.main(["--published", bad, "--check"]) == 1
    assert ca.main(["--published", bad, "--no-fine"]) == 1


CASES = [  # method, label, nights, seeds, assumptions
    (V2, "one night", 1, (1, 2, 3), {}),
    (V2, "two nights, unchanged cells tied", 2, (1, 2, 3), {"tie": "cell"}),
    (V2, "six nights, unchanged cells tied", 6, (1, 2), {"tie": "cell"}),
    (V2B, "one night", 1, (1, 2, 3), {}),
    (V2B, "two nights, unchanged cells tied", 2, (1, 2, 3), {"tie": "cell"}),
    (V2B, "six nights, unchanged cells tied", 6, (1, 2), {"tie": "cell"}),
]
if os.environ.get("CELLKEY_SLOW"):  # minutes: the reader's growth assumptions on the 600-enrollment populations
    CASES.append((V2, "six nights, tied + growth + current cohort", 6, (1,), {"tie": "cell", "growth": True,
                                                                             "current_cohort": True}))
    CASES.append((V2B, "six nights, tied + growth + current cohort", 6, (1, 2, 3),
                  {"tie": "cell", "growth": True, "current_cohort": True}))


@pytest.mark.parametrize("method,label,nn,seeds,assume", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_v2_measured(tmp_path, method, label, nn, seeds, assume):
    """Methods 2 and 2b on the own implementation, 600 enrollments, k = 10. Sound: no true count outside its range.
    The four figures of docs/published-layer.md, written to target/cellkey_attack_<method>_<case>.json."""
    agg = defaultdict(int)
    for seed in seeds:
        rep, st = run_case2(str(tmp_path), seed, nn, method=method, **assume)
        for kk, v in st.items():
            agg[kk] += v
        agg["ties"] += rep["ties"]
        agg["lp_solves"] += rep["lp_solves"]
        agg["fallbacks"] += bool(rep["notes"])
        agg["published_small"] += len(rep["published_small"])
        agg["monotonicity_broken"] += rep["monotonicity_broken"]
        agg["seconds"] += rep["seconds"]
        if rep["worst"]:
            agg.setdefault("examples", []).extend(rep["worst"][:3])
    assert not any(kk.startswith("unsound") for kk in agg), dict(agg)
    res = dict(agg, method=method, case=label, seeds=list(seeds))
    os.makedirs(os.path.join(REPO, "target"), exist_ok=True)
    with open(os.path.join(REPO, "target", f"cellkey_attack_{'v2b' if method == V2B else 'v2'}_"
                                           f"{label.split(',')[0].replace(' ', '_')}"
                                           f"{'_growth' if assume.get('growth') else ''}.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    print(label, json.dumps({kk: v for kk, v in res.items() if kk != "examples"}))
    assert not agg["monotonicity_broken"], dict(agg)
    if not assume.get("growth") or method == V2B:
        # the contract's claim: nothing narrowed below k on one night or with unchanged cells tied
        assert agg.get("narrowed_count", 0) == agg.get("narrowed_fine", 0) == agg.get("narrowed_complement", 0) == 0, \
            dict(agg)


def test_output_dir_two_nights_and_batch(tmp_path):
    """The harness's interface: --output OUTDIR (the layer under OUTDIR/published), --previous-run-date, --k, --batch."""
    recs, provs, prefs = population(7, 150)
    pairs = pairings_for(provs, prefs)
    t0, _ = build_layer(recs, provs, prefs, pairs, 10, 3)
    t1, _ = build_layer(next_night(recs, 7, provs, prefs, max(r["year"] for r in recs)), provs, prefs, pairs, 10, 3)
    pub = str(tmp_path / "out" / "published")
    write_layer(pub, t0, 10, 3, run_date="2024-06-29")
    write_layer(pub, t1, 10, 3, run_date="2024-06-30")
    out = str(tmp_path / "out")
    assert ca.main(["--output", out]) == 2  # two nights: --run-date needed
    assert ca.main(["--output", out, "--run-date", "2024-06-30", "--k", "5"]) == 2  # footers say 10
    rep = tmp_path / "r.json"
    code = ca.main(["--output", out, "--run-date", "2024-06-30", "--previous-run-date", "2024-06-29", "--k", "10",
                    "--json", str(rep)])
    r = json.loads(rep.read_text())
    assert code == (1 if r["shown_small"] or r["published_small"] else 0) and r["exit"] == code
    assert len(r["nights"]) == 2 and r["ties"] > 0
    batch = tmp_path / "b.json"
    batch.write_text(json.dumps([{"output": out, "run_date": "2024-06-29"},
                                 {"output": out, "run_date": "2024-06-30", "previous_run_date": "2024-06-29"}]))
    assert ca.main(["--batch", str(batch)]) in (0, 1)


def test_v2_output_dir_two_nights_and_batch(tmp_path):
    """The harness's interface on method 2: --output OUTDIR, --run-date, --previous-run-date, --k, --json, --batch."""
    recs, provs, prefs = population2(7, 150)
    pairs = pairings_for(provs, prefs)
    t0, _, _ = build_layer2(recs, provs, prefs, pairs, 10)
    t1, _, _ = build_layer2(next_night2(recs, 7, provs, prefs, 2023), provs, prefs, pairs, 10)
    pub = str(tmp_path / "out" / "published")
    write_layer(pub, t0, 10, 0, run_date="2024-06-29", protection=V2)
    write_layer(pub, t1, 10, 0, run_date="2024-06-30", protection=V2)
    out = str(tmp_path / "out")
    assert ca.main(["--output", out]) == 2  # two nights: --run-date needed
    assert ca.main(["--output", out, "--run-date", "2024-06-30", "--k", "5"]) == 2  # footers say 10
    rep = tmp_path / "r.json"
    code = ca.main(["--output", out, "--run-date", "2024-06-30", "--previous-run-date", "2024-06-29", "--k", "10",
                    "--json", str(rep)])
    r = json.loads(rep.read_text())
    assert r["method"] == V2 and len(r["nights"]) == 2 and r["exit"] == code
    assert code == (1 if r["cells_narrowed"] else 0)
    batch = tmp_path / "b.json"
    batch.write_text(json.dumps([{"output": out, "run_date": "2024-06-29", "k": 10},
                                 {"output": out, "run_date": "2024-06-30", "previous_run_date": "2024-06-29"}]))
    assert ca.main(["--batch", str(batch)]) == code
