"""Tests of cellkey_attack.py, and a measurement of the designed layer's residual risk (published-layer.md, item 5).

(a) a naive layer (a total and all but one part published exactly, D = 0): the attacker must pin the small part;
(b) a layer built here by an own implementation of the documented method (record key = first byte of SHA-256 of
    pseudonym|record_id, cell key = sum of record keys mod 256, the ptable) on small synthetic populations
    (600 enrollments, 5 provinces of 4 prefectures, 3 intake years, k = 10, D = 3), one night, two nights and six
    nights (each adds 5 % enrollments to the latest year and changes some outcomes of earlier cohorts); the attacker
    does not see the true counts, the test compares its ranges with them: every true count must lie in its range
    (soundness of the relations), and the rates of small counts narrowed are printed (run with -s) and written to
    target/cellkey_attack_rates.json.

Run: target/venv/bin/python -m pytest -s src/test/python/test_cellkey_attack.py
"""
from __future__ import annotations

import hashlib
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


def write_layer(root, tables, k, d, run_date="2024-06-30", modulus=256):
    for name, rows in tables.items():
        schema = pa.schema(SCHEMAS[name])
        cols = {f: [r.get(f) for r in rows] for f, _ in SCHEMAS[name]}
        t = pa.table(cols, schema=schema)
        t = t.replace_schema_metadata({
            "crossenroll.report": name, "crossenroll.schema_version": "1", "crossenroll.run_date": run_date,
            "crossenroll.code_version": "test", "crossenroll.min_cell_count": str(k),
            "crossenroll.protection": "cell_key", "crossenroll.cell_key.modulus": str(modulus),
            "crossenroll.cell_key.max_deviation": str(d),
            "crossenroll.cell_key.ptable": f"n=0:0; 1<=n<=k-1: k if c<floor(256n/k) else 0; n>=k: max(k, n+(c mod {2*d+1})-{d})",
        })
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


def test_own_layer_is_attacked_soundly_and_rates_measured(tmp_path):
    """Sound: no true count outside its range (a wrong relation would show here). Rates: printed and saved."""
    k, d = 10, 3
    results = {}
    for label, nn, tie in (("one night", 1, "row"), ("two nights, rows tied", 2, "row"),
                           ("two nights, cells tied", 2, "cell"), ("six nights, rows tied", 6, "row")):
        two = nn > 1
        agg = defaultdict(int)
        codes = []
        for seed in range(1, 6 if nn <= 2 else 3):  # six nights: two populations (about 2 min each)
            code, rep, st = run_case(str(tmp_path), seed, 600, k, d, two, tie, n_nights=nn)
            codes.append(code)
            for key, v in st.items():
                agg[key] += v
            agg["runs_falling_back_to_fewer_ties"] += bool(rep["notes"])
            agg["runs_without_ties"] += bool(two and rep["ties"] == 0)
            agg["ties"] += rep["ties"]
        assert agg.get("unsound_count", 0) == 0 or tie == "cell", (label, dict(agg))
        results[label] = dict(agg, exit_codes=codes)
    rates = {}
    for label, a in results.items():
        rates[label] = {
            **a,
            "narrowed_rate_counts": a.get("narrowed_count", 0) / max(1, a.get("small_count", 0)),
            "pinned_rate_counts": a.get("pinned_count", 0) / max(1, a.get("small_count", 0)),
            "shown_small_rate_counts": a.get("shown_small_count", 0) / max(1, a.get("small_count", 0)),
            "narrowed_rate_complements": a.get("narrowed_complement", 0) / max(1, a.get("small_complement", 0)),
        }
    os.makedirs(os.path.join(REPO, "target"), exist_ok=True)
    with open(os.path.join(REPO, "target", "cellkey_attack_rates.json"), "w") as f:
        json.dump(rates, f, indent=1)
    print(json.dumps(rates, indent=1))


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
