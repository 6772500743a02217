#!/usr/bin/env python3
"""An outside statistician's attack on crossenroll's designed (cell-key) published layer.

Three methods, told apart by the footer key crossenroll.protection (any other value: exit 2):

* `additive_cell_key` (method 2, issue 26's contract-26; written from that contract alone). Every published count is
  the sum of the fine values of the fine cells (intake year, origin prefecture, host prefecture, registered_poor,
  outcome class) its row and condition select; a fine value is 0 (0..k-1 enrollments), k (1..k) or v > k (exactly v).
  The unknowns are the fine cells themselves, per night: a fine value f and a true count n. Relations:
    - every published count (absent rows and absent pairing years: 0) = the sum of its fine values; this holds every
      additivity at once (province = its prefectures, `xxxx` undetermined prefectures included, all years = the years,
      flows = origin and host totals = province_outcomes, pairings = their prefectures' cells, registered_poor <=
      students, employed_in_origin_province <= employed <= graduated <= students);
    - a published 0 forces every fine value under it to 0 (n in 0..k-1); a fine value is at most the smallest
      published count over it, and below k it is 0;
    - per fine cell, the convex hull of the (f, n) a fine value allows: (0, 0..k-1), (k, 1..k), (v, v) for
      k < v <= fmax (the cheap part of integrality);
    - unless --closed-regions, one unseen prefecture per province and side (its rows never published);
    - several nights: a fine cell is tied (same f and n) between consecutive nights when every published value of its
      own intake year over it is equal on both (if that makes the system infeasible, only the pairs of nights that
      are consistent on their own keep their ties); --growth: enrollments are only added and past intake years are
      closed (per (year, origin prefecture, host prefecture, registered_poor): students equal in past years and not
      decreasing in the latest, graduated not decreasing); --current-cohort: the latest intake year has no graduates.
  Targets (the latest night): every count of every row of the universe, the complements (students -
  registered_poor, students - graduated, graduated - employed, employed - employed_in_origin_province) and every
  single fine cell; min and max of the true count by LP (HiGHS), rounded inward. Exit 1 when any range meeting 1..k-1
  is narrower than k values (shown 1..k-1 and pinned included) or a published count is in 1..k-1 (--fail-on
  disclosed: only shown small or pinned).
* `additive_threshold` (method 2b, contract-26b; written from that contract alone): the same fine cells and sums,
  and the same fine intervals (0: 0..k-1, k: 1..k, v > k: v); a small fine cell is shown k iff n >= t, t in 1..k a
  secret threshold fixed per fine cell, so a fine value is a fixed non-decreasing function of its count. What a reader
  can soundly add: a cell whose count did not change keeps its value (the ties above, as for method 2), and under
  --growth, where a single fine cell's count is monotone (the latest year's not_graduated cell with
  --current-cohort: it only gains; a past year's not_graduated cell: it only loses, graduates staying graduates), its
  fine value moves the same way (f' >= f, a value that falls is impossible) and a value that moves means a count that
  moved by at least 1 (linearised: d (n' - n) >= d (f' - f) / M, M the larger fine-value bound). If these make the
  system infeasible while method 2's relations do not, the layer broke 2b's promise (or the growth assumption is
  wrong): reported (monotonicity_broken, exit 1) and attacked with method 2's relations.
  For methods 2 and 2b every night is first checked to add up as the contract says (check_additive: no count in
  1..k-1, within-row order, all years = sum of years, province = sum of prefectures, flows = origin and host totals,
  province_outcomes = flows and its host-null row the sum over hosts, pairings, rates from the row's published counts,
  rows only when students > 0); a violation is a finding (exit 1; --check: only this check).
* `cell_key` (method 1, docs/published-layer.md "The designed layer (cell key)"; each count drawn on its own row),
  described below; kept because its leaks are the tests' teeth.

Written from docs/published-layer.md ("The designed layer (cell key)") only, independently of the Java code that
builds and audits the layer. The true counts are not given to it: it reads the five published tables
(students_by_origin, students_by_host, province_flows, province_outcomes, pairing_students), reads k, D and the
modulus from every Parquet footer, and

  1. writes for every published count v the interval the guarantee (item 2) allows for its true count n:
     v = 0 or row absent: 0..k-1; v = k: 1..k+D; v > k: max(k, v-D)..v+D (a published v in 1..k-1 is itself a leak);
  2. writes every relation a reader can know between the true counts (all of them as linear constraints):
     - a province is the sum of its prefectures (origin and host tables), every all-years row the sum of its years
       (every table), province_outcomes with host null the sum over host provinces, the flows of an origin (host)
       province its students_by_origin (students_by_host) province row (students and registered_poor);
     - the same contributors have the same true count: province_flows(o, h, y) and province_outcomes(o, h, y)
       students, students_by_origin(province o, y) and province_outcomes(o, null, y) students, a pairing of two
       provinces and province_flows: tied (one unknown), for each family only when every published pair of it is
       equal (the stability item 3 makes equal contributors publish equal values; one unequal pair shows the family
       is not the same contributors, and it is then left untied);
     - a pairing with a prefecture is at most the prefecture's row and its provinces' flow (students and
       registered_poor);
     - within a row: registered_poor <= students, graduated <= students, employed <= graduated,
       employed_in_origin_province <= employed; counts never negative;
     - absent rows of regions (provinces, prefectures, pairings) and years seen anywhere in the layer: 0..k-1;
     - the complements students - registered_poor, students - graduated, graduated - employed,
       employed - employed_in_origin_province are attacked as counts too (the suppressed layer's guarantee counts
       them; the designed layer's guarantee speaks only of published counts, so they are reported separately).
     By default the regions and years seen in the layer are taken as all there are (a reader knows the
     administrative divisions and the programme's years); --open-regions adds a non-negative unknown "unseen
     regions or years" to every sum instead.
  3. with --previous (the night before): builds both nights and ties, per cell, the true count of the two nights
     when the reader assumes its contributors unchanged. --tie row (default): every cell of a row whose published
     values are all equal on both nights (an absent row on both nights included); --tie cell: every cell whose
     published value is equal on both nights; --tie none. Only rows of intake years before the latest
     (--tie-years past, default; the latest year gains enrollments, an all-years row with it) or every row
     (--tie-years all); the outcome counts, which change as a cohort progresses, only with --tie-outcomes. If the ties make the system infeasible (an assumption
     was wrong), the ties of rows absent on a night are dropped, then all ties (reported).
  4. for every unknown whose interval meets 1..k-1, computes min and max by linear programming (HiGHS, via highspy;
     integrality relaxed: the LP bounds are rounded inward to integers, ceil(min) and floor(max), which is sound
     because the true counts are integers), skipping cells whose range is already shown wide enough by the
     feasible points found so far.

Findings, from weakest to strongest (each cell is counted in every class it falls in):
  - narrowed_below_item2: a published cell whose range is narrower than its own item-2 interval;
  - cells_narrowed: a range that meets 1..k-1 and is narrower than k values (the suppressed layer's guarantee,
    "no count of 1..k-1 narrowed to a range less than k wide"), or a published count in 1..k-1;
  - shown_small: 1 <= min and max <= k-1 (the reader learns that a small group exists), pinned: min = max in
    1..k-1 (its exact size), and published_small: a published count in 1..k-1. These are issue 26's definition of
    a disclosure ("recover a true count of 1..k-1, or show that one is small").
--fail-on disclosed (default) exits 1 on shown_small or published_small; --fail-on narrowed already on
cells_narrowed. The default follows issue 26, since item 5 of the guarantee concedes narrowing without bounding it.

Usage:
    python cellkey_attack.py --published DIR [--run-date D] [--previous DIR0 [--previous-run-date D0]] ...
                             [--json OUT] [--cells] [--tie row|cell|none] [--open-regions]
                             [--fail-on disclosed|narrowed]
    python cellkey_attack.py --output OUTDIR --run-date D [--previous-run-date D0 ...] [--json OUT] ...
      (--previous and --previous-run-date repeat, oldest first: N nights, each tied with the next)
      (OUTDIR is a crossenroll output directory; the layer is read from OUTDIR/published/<table>/run_date=D/)
    python cellkey_attack.py --batch FILE.json   (a list of --output attacks, as disclosure_attack.py's mode 3)
    DIR holds <table>/run_date=D/*.parquet (or <table>/*.parquet); --run-date is needed only when a table has
    several nights. k, D and the modulus are read from the footers; --k K, if given, must agree with them.

Output: a summary on stdout; with --json, a JSON report: parameters, counts of unknowns and relations by kind,
cells_attacked, cells_narrowed (leaks), pinned, shown_small, narrowed_below_item2, the worst cases (narrowest
first), and with --cells every attacked cell with its range.
Exit codes: 0 nothing beyond the guarantee learned, 1 a finding of the --fail-on class, 2 usage or data error (missing table or footer key,
a system infeasible even without ties).
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import random
import sys
import time
from collections import defaultdict

TABLES = ("students_by_origin", "students_by_host", "province_flows", "province_outcomes", "pairing_students")
COLS = {
    "O": ("students", "registered_poor"),
    "H": ("students", "registered_poor"),
    "F": ("students", "registered_poor"),
    "Q": ("students", "graduated", "employed", "employed_in_origin_province"),
    "P": ("students", "registered_poor"),
}
LE = {  # within a row: a <= b
    "O": [("registered_poor", "students")],
    "H": [("registered_poor", "students")],
    "F": [("registered_poor", "students")],
    "P": [("registered_poor", "students")],
    "Q": [("graduated", "students"), ("employed", "graduated"), ("employed_in_origin_province", "employed")],
}
FOOTER_K = "crossenroll.min_cell_count"
FOOTER_D = "crossenroll.cell_key.max_deviation"
FOOTER_MOD = "crossenroll.cell_key.modulus"
FOOTER_PROT = "crossenroll.protection"
PROT_V1 = "cell_key"  # method 1: each published count drawn on its own (ptable with deviation D)
PROT_V2 = "additive_cell_key"  # method 2: every count a sum of fine values (contract-26)
PROT_V2B = "additive_threshold"  # method 2b: the same fine cells, a small one shown k iff n >= t (contract-26b)
PROT_ADDITIVE = (PROT_V2, PROT_V2B)
TOL = 1e-6


class DataError(Exception):
    pass


# ------------------------------------------------------------------------------------------------------------------
# Reading a night
# ------------------------------------------------------------------------------------------------------------------

def _table_files(root: str, table: str, run_date: str | None) -> list[str]:
    base = os.path.join(root, table)
    if run_date:
        files = sorted(glob.glob(os.path.join(base, f"run_date={run_date}", "*.parquet")))
    else:
        dirs = sorted(d for d in glob.glob(os.path.join(base, "run_date=*")) if os.path.isdir(d))
        if len(dirs) > 1:
            raise DataError(f"{base} holds several nights ({', '.join(os.path.basename(d) for d in dirs)}): "
                            "give --run-date")
        files = sorted(glob.glob(os.path.join(dirs[0], "*.parquet"))) if dirs else \
            sorted(glob.glob(os.path.join(base, "*.parquet")))
    if not files:
        raise DataError(f"no Parquet file for {table} under {base}" + (f" run_date={run_date}" if run_date else ""))
    return files


def read_night(root: str, run_date: str | None) -> dict:
    import pyarrow.parquet as pq
    params = {}
    tables = {}
    for t in TABLES:
        rows = []
        for f in _table_files(root, t, run_date):
            meta = pq.read_metadata(f).metadata or {}
            meta = {k.decode(): v.decode() for k, v in meta.items()}
            prot = meta.get(FOOTER_PROT, PROT_V1)
            if prot not in (PROT_V1,) + PROT_ADDITIVE:
                raise DataError(f"{f}: {FOOTER_PROT} = {prot}, none of {PROT_V1}, {PROT_V2}, {PROT_V2B}")
            needed = (FOOTER_K, FOOTER_D, FOOTER_MOD) if prot == PROT_V1 else (FOOTER_K,)
            for key in needed:
                if key not in meta:
                    raise DataError(f"{f}: footer key {key} missing")
            try:
                p = (int(meta[FOOTER_K]), int(meta.get(FOOTER_D, 0)) if prot == PROT_V1 else 0,
                     int(meta.get(FOOTER_MOD, 256)), prot)
            except ValueError as e:
                raise DataError(f"{f}: unreadable footer: {e}")
            params.setdefault(p, []).append(f)
            rows.extend(pq.read_table(f).to_pylist())
        tables[t] = rows
    if len(params) != 1:
        raise DataError(f"footers disagree on (k, D, modulus, protection): {sorted(params)}")
    (k, d, mod, prot), = params.keys()
    return {"k": k, "D": d, "modulus": mod, "protection": prot, "tables": tables, "root": root,
            "run_date": run_date}


def _prov_of_code(code: str, provinces: set) -> str | None:
    for p in provinces:
        if str(p)[:2] == str(code)[:2]:
            return p
    return None


def index_night(night: dict) -> dict:
    """Published values by (kind, row key) -> {col: value}, and the universe of regions and years."""
    t = night["tables"]
    pub = {}
    years = set()
    provinces = set()
    pref_prov = {}
    pairings = set()

    def put(kind, key, row):
        if (kind, key) in pub:
            raise DataError(f"duplicate row {kind} {key}")
        pub[(kind, key)] = {c: row.get(c) for c in COLS[kind]}
        for c in COLS[kind]:
            if row.get(c) is None:
                raise DataError(f"null count {c} in {kind} {key} (the designed layer publishes none)")

    for kind, name in (("O", "students_by_origin"), ("H", "students_by_host")):
        for r in t[name]:
            y = r.get("intake_year")
            if y is not None:
                years.add(y)
            lvl = r["level"]
            if lvl not in ("province", "prefecture"):
                raise DataError(f"{name}: unknown level {lvl}")
            provinces.add(r["province_code"])
            if lvl == "prefecture":
                pref_prov[r["region_code"]] = r["province_code"]
            put(kind, (lvl, r["region_code"], y), r)
    for r in t["province_flows"]:
        y = r.get("intake_year")
        if y is not None:
            years.add(y)
        provinces.update([r["origin_province_code"], r["host_province_code"]])
        put("F", (r["origin_province_code"], r["host_province_code"], y), r)
    for r in t["province_outcomes"]:
        y = r.get("intake_year")
        if y is not None:
            years.add(y)
        provinces.add(r["origin_province_code"])
        if r.get("host_province_code") is not None:
            provinces.add(r["host_province_code"])
        put("Q", (r["origin_province_code"], r.get("host_province_code"), y), r)
    for r in t["pairing_students"]:
        y = r.get("intake_year")
        if y is not None:
            years.add(y)
        pk = (r["host_region_code"], r["host_region_level"], r["origin_region_code"], r["origin_region_level"])
        pairings.add(pk)
        put("P", pk + (y,), r)
    for (hc, hl, oc, ol) in pairings:
        for c, l in ((hc, hl), (oc, ol)):
            if l == "province":
                provinces.add(c)
    for (hc, hl, oc, ol) in pairings:
        for c, l in ((hc, hl), (oc, ol)):
            if l == "prefecture" and c not in pref_prov:
                p = _prov_of_code(c, provinces)
                if p is not None:
                    pref_prov[c] = p
    return {"pub": pub, "years": years, "provinces": provinces, "pref_prov": pref_prov, "pairings": pairings}


# ------------------------------------------------------------------------------------------------------------------
# The system
# ------------------------------------------------------------------------------------------------------------------

def value_interval(v, k, d):
    """Item 2 of the guarantee: the true counts a published value allows."""
    if v is None or v == 0:
        return 0, k - 1
    if v == k:
        return 1, k + d
    if v > k:
        return max(k, v - d), v + d
    return v, v  # a published count in 1..k-1: the guarantee itself is broken


class Model:
    def __init__(self, k, d):
        self.k, self.d = k, d
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.label: list[tuple] = []
        self.var: dict[tuple, int] = {}
        self.parent: list[int] = []
        self.eqs: list[tuple[list, str]] = []   # (terms [(var, coeff)], kind): sum = 0
        self.les: list[tuple[list, str]] = []   # sum <= 0
        self.published: dict[int, object] = {}  # var -> published value (for counts)
        self.direct_leaks: list[dict] = []

    def new(self, label, lb=0.0, ub=math.inf):
        i = len(self.lb)
        self.lb.append(lb)
        self.ub.append(ub)
        self.label.append(label)
        self.parent.append(i)
        self.var[label] = i
        return i

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[b] = a
            self.lb[a] = max(self.lb[a], self.lb[b])
            self.ub[a] = min(self.ub[a], self.ub[b])


def build_night(m: Model, night: int, ix: dict, open_regions: bool, kinds: dict):
    k, d = m.k, m.d
    pub = ix["pub"]
    years = sorted(ix["years"])
    yall = years + [None]
    provs = sorted(ix["provinces"])
    prefs_of = defaultdict(list)
    for pf, pv in sorted(ix["pref_prov"].items()):
        prefs_of[pv].append(pf)
    rowkeys = {"O": [], "H": [], "F": [], "Q": [], "P": []}
    for side in ("O", "H"):
        for p in provs:
            for y in yall:
                rowkeys[side].append(("province", p, y))
        for pf in sorted(ix["pref_prov"]):
            for y in yall:
                rowkeys[side].append(("prefecture", pf, y))
    for o in provs:
        for h in provs:
            for y in yall:
                rowkeys["F"].append((o, h, y))
        for h in provs + [None]:
            for y in yall:
                rowkeys["Q"].append((o, h, y))
    for pk in sorted(ix["pairings"], key=str):
        for y in yall:
            rowkeys["P"].append(pk + (y,))
    # every published row must be in the universe
    universe = {kind: set(keys) for kind, keys in rowkeys.items()}
    for (kind, key) in pub:
        if key not in universe[kind]:
            raise DataError(f"row outside the universe: {kind} {key}")

    def v(kind, key, col):
        return m.var[(night, kind, key, col)]

    for kind, keys in rowkeys.items():
        for key in keys:
            row = pub.get((kind, key))
            for col in COLS[kind]:
                val = None if row is None else row[col]
                lo, hi = value_interval(val, k, d)
                i = m.new((night, kind, key, col), lo, hi)
                m.published[i] = val
                if val is not None and 1 <= val <= k - 1:
                    m.direct_leaks.append({"cell": _label_json((night, kind, key, col)), "published": val})
            for a, b in LE[kind]:
                m.les.append(([(v(kind, key, a), 1), (v(kind, key, b), -1)], "within_row"))
                kinds["within_row"] += 1
            # complements
            pairs = [("students", "registered_poor")] if kind != "Q" else \
                [("students", "graduated"), ("graduated", "employed"), ("employed", "employed_in_origin_province")]
            for a, b in pairs:
                c = m.new((night, kind, key, f"{a}-{b}"), 0, math.inf)
                m.eqs.append(([(c, 1), (v(kind, key, a), -1), (v(kind, key, b), 1)], "complement"))

    def add_sum(total, parts, kind_name):
        terms = [(total, -1)] + [(p, 1) for p in parts]
        if open_regions:
            s = m.new(("slack", night, kind_name, len(m.eqs)), 0, math.inf)
            terms.append((s, 1))
        m.eqs.append((terms, kind_name))
        kinds[kind_name] += 1

    # years
    for kind, keys in rowkeys.items():
        for key in keys:
            if key[-1] is None:
                for col in COLS[kind]:
                    add_sum(v(kind, key, col), [v(kind, key[:-1] + (y,), col) for y in years], "all_years")
    # provinces = sum of prefectures
    for side in ("O", "H"):
        for p in provs:
            for y in yall:
                for col in COLS[side]:
                    add_sum(v(side, ("province", p, y), col),
                            [v(side, ("prefecture", pf, y), col) for pf in prefs_of.get(p, [])], "province_prefectures")
    # flows = origin / host totals
    for p in provs:
        for y in yall:
            for col in COLS["F"]:
                add_sum(v("O", ("province", p, y), col), [v("F", (p, h, y), col) for h in provs], "flows_origin")
                add_sum(v("H", ("province", p, y), col), [v("F", (o, p, y), col) for o in provs], "flows_host")
    # outcomes: host null = sum over hosts
    for o in provs:
        for y in yall:
            for col in COLS["Q"]:
                add_sum(v("Q", (o, None, y), col), [v("Q", (o, h, y), col) for h in provs], "outcomes_hosts")
    # same contributors, family by family, only when every published pair agrees
    families = {
        "flows=outcomes": [(("F", (o, h, y), "students"), ("Q", (o, h, y), "students"))
                           for o in provs for h in provs for y in yall],
        "origin=outcomes_all_hosts": [(("O", ("province", o, y), "students"), ("Q", (o, None, y), "students"))
                                      for o in provs for y in yall],
        "pairing=flows": [(("P", pk + (y,), col), ("F", (pk[2], pk[0], y), col))
                          for pk in ix["pairings"] if pk[1] == "province" and pk[3] == "province"
                          for y in yall for col in ("students", "registered_poor")],
    }
    tied = {}
    for fam, pairs in families.items():
        ok = all(_pv(pub, a) == _pv(pub, b) for a, b in pairs)
        tied[fam] = (ok, len(pairs))
        if ok:
            for a, b in pairs:
                m.union(v(*a), v(*b))
                kinds["same_contributors"] += 1
        else:
            # the family is not the same contributors; the sums above still hold for each table
            pass
    # pairings with a prefecture: at most the prefecture's rows and their provinces' flow
    for pk in ix["pairings"]:
        hc, hl, oc, ol = pk
        hp = hc if hl == "province" else ix["pref_prov"].get(hc)
        op = oc if ol == "province" else ix["pref_prov"].get(oc)
        if hl == "province" and ol == "province":
            continue
        for y in yall:
            for col in ("students", "registered_poor"):
                pv = v("P", pk + (y,), col)
                bounds = []
                if hp is not None and op is not None:
                    bounds.append(v("F", (op, hp, y), col))
                if hl == "prefecture" and hc in ix["pref_prov"]:
                    bounds.append(v("H", ("prefecture", hc, y), col))
                if ol == "prefecture" and oc in ix["pref_prov"]:
                    bounds.append(v("O", ("prefecture", oc, y), col))
                for b in bounds:
                    m.les.append(([(pv, 1), (b, -1)], "pairing_bound"))
                    kinds["pairing_bound"] += 1
    return rowkeys, tied


def _pv(pub, cell):
    kind, key, col = cell
    row = pub.get((kind, key))
    v = None if row is None else row[col]
    return 0 if v is None else v


def _label_json(label):
    night, kind, key, col = label
    return {"night": night, "table": {"O": "students_by_origin", "H": "students_by_host", "F": "province_flows",
                                      "Q": "province_outcomes", "P": "pairing_students"}[kind],
            "key": list(key), "count": col}


def tie_nights(m: Model, n0: int, n1: int, ix0: dict, ix1: dict, rk0: dict, rk1: dict, mode: str,
               include_absent: bool, tie_years: str = "past", tie_outcomes: bool = False) -> int:
    """Ties night 0's and night 1's true counts of the cells assumed unchanged. Only rows of years the reader
    assumes closed (tie_years = past: every intake year but the latest; all: every row, all-years rows included),
    and of the outcome columns (graduated, employed, employed_in_origin_province, which change as a cohort
    progresses) only with tie_outcomes."""
    n = 0
    if mode == "none":
        return 0
    latest = max(ix1["years"] | ix0["years"]) if (ix1["years"] | ix0["years"]) else None
    keys1 = {kind: set(keys) for kind, keys in rk1.items()}
    for kind, keys in rk0.items():
        for key in keys:
            if key not in keys1[kind]:
                continue
            y = key[-1]
            if tie_years == "past" and (y is None or y == latest):
                continue
            r0, r1 = ix0["pub"].get((kind, key)), ix1["pub"].get((kind, key))
            if (r0 is None) != (r1 is None):
                continue
            if r0 is None and not include_absent:
                continue
            cols = [c for c in COLS[kind] if tie_outcomes or kind != "Q" or c == "students"]
            comps = [x for x in _complement_names(kind) if all(part in cols for part in x.split("-"))]
            if mode == "row":
                if r0 is not None and any(r0[c] != r1[c] for c in cols):
                    continue
                tie_cols = cols + comps
            else:
                tie_cols = [c for c in cols if (r0 is None or r0[c] == r1[c])]
                tie_cols += [x for x in comps if all(part in tie_cols for part in x.split("-"))]
            for c in tie_cols:
                a, b = m.var[(n0, kind, key, c)], m.var[(n1, kind, key, c)]
                if m.find(a) != m.find(b):
                    m.union(a, b)
                    n += 1
    return n


def _complement_names(kind):
    if kind == "Q":
        return ["students-graduated", "graduated-employed", "employed-employed_in_origin_province"]
    return ["students-registered_poor"]


# ------------------------------------------------------------------------------------------------------------------
# LP
# ------------------------------------------------------------------------------------------------------------------

class LP:
    def __init__(self, m: Model):
        import highspy
        import numpy as np
        self.np, self.hs = np, highspy
        roots = sorted({m.find(i) for i in range(len(m.lb))})
        self.col = {r: j for j, r in enumerate(roots)}
        self.roots = roots
        n = len(roots)
        lb = np.array([m.lb[r] for r in roots], dtype=float)
        ub = np.array([m.ub[r] if not math.isinf(m.ub[r]) else highspy.kHighsInf for r in roots], dtype=float)
        self.infeasible_bounds = bool((lb > ub + TOL).any())
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")  # only the objective changes between solves: warm-started simplex
        h.setOptionValue("simplex_strategy", 4)  # primal: the basis stays feasible when only the cost changes
        h.addVars(n, lb, ub)
        inf = highspy.kHighsInf
        for terms, lo_hi in [(t, (0.0, 0.0)) for t, _ in m.eqs] + [(t, (-inf, 0.0)) for t, _ in m.les]:
            acc = defaultdict(float)
            for var, c in terms:
                acc[self.col[m.find(var)]] += c
            acc = {j: c for j, c in acc.items() if c != 0}
            if not acc:
                continue
            idx = np.array(list(acc.keys()), dtype=np.int32)
            val = np.array(list(acc.values()), dtype=float)
            h.addRow(lo_hi[0], lo_hi[1], len(idx), idx, val)
        self.h = h
        self.n = n

    def feasible(self) -> bool:
        if self.infeasible_bounds:
            return False
        self.h.run()
        return self.h.getModelStatus() == self.hs.HighsModelStatus.kOptimal

    def solve(self, j, sense):
        h = self.h
        h.changeColCost(j, float(sense))
        h.run()
        st = h.getModelStatus()
        h.changeColCost(j, 0.0)
        if st == self.hs.HighsModelStatus.kOptimal:
            x = self.np.asarray(h.getSolution().col_value)
            return x[j], x
        if st in (self.hs.HighsModelStatus.kUnbounded, self.hs.HighsModelStatus.kUnboundedOrInfeasible):
            return (math.inf if sense < 0 else -math.inf), None
        raise DataError(f"LP failed: {h.modelStatusToString(st)}")

    def random_points(self, count, seed=1):
        rng = random.Random(seed)
        pts = []
        for _ in range(count):
            costs = self.np.array([rng.uniform(-1, 1) for _ in range(self.n)])
            self.h.changeColsCost(self.n, self.np.arange(self.n, dtype=self.np.int32), costs)
            self.h.run()
            if self.h.getModelStatus() == self.hs.HighsModelStatus.kOptimal:
                pts.append(self.np.asarray(self.h.getSolution().col_value).copy())
        self.h.changeColsCost(self.n, self.np.arange(self.n, dtype=self.np.int32), self.np.zeros(self.n))
        return pts


def attack_model(m: Model, candidates: list[int]) -> list[dict]:
    k = m.k
    lp = LP(m)
    if not lp.feasible():
        return None
    np = lp.np
    pts = lp.random_points(6)
    seen_lo = np.min(pts, axis=0) if pts else None
    seen_hi = np.max(pts, axis=0) if pts else None
    results = []
    done = {}
    for i in candidates:
        r = m.find(i)
        j = lp.col[r]
        item2 = (m.lb[i], m.ub[i]) if i in m.published else None
        if j in done:
            lo, hi = done[j]
        else:
            need = k if item2 is None else item2[1] - item2[0] + 1  # a range this wide is no finding
            if seen_lo is not None and seen_hi[j] - seen_lo[j] >= need - 1 - TOL:
                lo, hi = None, None  # wide enough already; exact range not needed
            else:
                mn, x1 = lp.solve(j, 1)
                mx, x2 = lp.solve(j, -1)
                for x in (x1, x2):
                    if x is not None:
                        seen_lo = np.minimum(seen_lo, x) if seen_lo is not None else x.copy()
                        seen_hi = np.maximum(seen_hi, x) if seen_hi is not None else x.copy()
                lo = math.ceil(mn - TOL)
                hi = math.floor(mx + TOL) if not math.isinf(mx) else math.inf
            done[j] = (lo, hi)
        results.append({"var": i, "lo": lo, "hi": hi, "item2": item2})
    return results


# ------------------------------------------------------------------------------------------------------------------
# The attack
# ------------------------------------------------------------------------------------------------------------------

def attack(nights: list[dict], tie: str = "row", open_regions: bool = False, tie_years: str = "past",
           tie_outcomes: bool = False, only_last: bool = False) -> dict:
    t0 = time.time()
    k, d, mod = nights[0]["k"], nights[0]["D"], nights[0]["modulus"]
    for nt in nights[1:]:
        if (nt["k"], nt["D"], nt["modulus"]) != (k, d, mod):
            raise DataError("the nights' footers disagree on k, D or modulus: ties are meaningless")
    ixs = [index_night(nt) for nt in nights]
    notes = []
    tie_modes = [(tie, True), (tie, False), ("none", False)] if len(nights) >= 2 and tie != "none" else [("none", False)]
    for mode, include_absent in tie_modes:
        m = Model(k, d)
        kinds = defaultdict(int)
        rks, families = [], []
        for n, ix in enumerate(ixs):
            rk, fam = build_night(m, n, ix, open_regions, kinds)
            rks.append(rk)
            families.append(fam)
        ties = 0
        for a in range(len(nights) - 1):  # each night with the next
            ties += tie_nights(m, a, a + 1, ixs[a], ixs[a + 1], rks[a], rks[a + 1], mode, include_absent, tie_years,
                               tie_outcomes)
        # candidates: every count and complement whose range may meet 1..k-1
        last = len(nights) - 1
        cand = [i for i, lab in enumerate(m.label) if lab[0] != "slack" and m.lb[i] <= k - 1
                and (not only_last or lab[0] == last)]
        res = attack_model(m, cand)
        if res is not None:
            break
        notes.append(f"infeasible with ties mode={mode} absent_rows_tied={include_absent}: an assumed-unchanged "
                     "cell changed; retrying with fewer ties")
    else:
        raise DataError("the system is infeasible even without ties: a relation assumed here does not hold")
    cells, leaks, pinned, small, below2 = [], [], [], [], []
    for r in res:
        i = r["var"]
        lab = m.label[i]
        lo, hi = r["lo"], r["hi"]
        entry = _label_json(lab)
        entry.update({"published": m.published.get(i, "complement") if i in m.published else "complement",
                      "min": lo, "max": hi, "item2": list(r["item2"]) if r["item2"] else None})
        if entry["published"] is None:
            entry["published"] = "absent"
        cells.append(entry)
        if lo is None:
            continue
        width = (hi - lo + 1) if not math.isinf(hi) else math.inf
        meets = lo <= k - 1 and hi >= 1
        if meets and width < k:
            leaks.append(entry)
            entry["width"] = width
            if lo == hi:
                pinned.append(entry)
            if lo >= 1 and hi <= k - 1:
                small.append(entry)
        if r["item2"] and width < r["item2"][1] - r["item2"][0] + 1:
            below2.append(entry)
    leaks.sort(key=lambda e: (e["width"], e["min"]))
    out = {
        "k": k, "D": d, "modulus": mod,
        "nights": [{"root": nt["root"], "run_date": nt["run_date"]} for nt in nights],
        "integrality": "relaxed (LP bounds rounded inward to integers)",
        "tie_mode": mode if len(nights) >= 2 else None, "tie_years": tie_years, "tie_outcomes": tie_outcomes,
        "absent_rows_tied": include_absent if len(nights) >= 2 else None,
        "ties": ties, "notes": notes,
        "open_regions": open_regions,
        "unknowns": len({m.find(i) for i in range(len(m.lb))}),
        "relations": dict(kinds),
        "same_contributor_families": [{f: {"tied": ok, "pairs": n} for f, (ok, n) in fam.items()} for fam in families],
        "cells_attacked": len(cells),
        "cells_narrowed": len(leaks) + len(m.direct_leaks),
        "pinned": len(pinned), "shown_small": len(small),
        "published_small": m.direct_leaks,
        "narrowed_below_item2": len(below2),
        "leaks_on_published_counts": sum(1 for e in leaks if e["published"] != "complement"),
        "leaks_on_complements": sum(1 for e in leaks if e["published"] == "complement"),
        "worst": leaks[:20],
        "seconds": round(time.time() - t0, 2),
        "_cells": cells, "_leaks": leaks,
    }
    return out


# ------------------------------------------------------------------------------------------------------------------
# Method 2: the additive cell key (contract-26). Every published count is a sum of fine values; a fine value is 0
# (0..k-1 enrollments), k (1..k) or v > k (exactly v). The unknowns here are the fine cells themselves.
# ------------------------------------------------------------------------------------------------------------------

CLASSES = ("not_graduated", "graduated_not_employed", "employed_elsewhere", "employed_at_home")
V2_COND = {  # count -> (needs registered_poor, outcome classes it selects)
    "students": (False, (0, 1, 2, 3)),
    "registered_poor": (True, (0, 1, 2, 3)),
    "graduated": (False, (1, 2, 3)),
    "employed": (False, (2, 3)),
    "employed_in_origin_province": (False, (3,)),
}
UNSEEN = "unseen"  # a pseudo-prefecture per province and side: prefectures the layer never shows


def v2_universe(ixs: list[dict], closed_regions: bool) -> dict:
    """The fine cells a reader must allow: (year, origin prefecture, host prefecture, poor, class), over the years,
    provinces and prefectures seen on any night (plus, unless closed_regions, one unseen prefecture per province and
    side, whose rows are never published)."""
    years, provs, pprov = set(), set(), {}
    side_prefs = {"O": set(), "H": set()}
    pairings = set()
    for ix in ixs:
        years |= ix["years"]
        provs |= ix["provinces"]
        pairings |= ix["pairings"]
        for (kind, key), row in ix["pub"].items():
            if kind in ("O", "H") and key[0] == "prefecture":
                side_prefs[kind].add(key[1])
        for pf, pv in ix["pref_prov"].items():
            pprov.setdefault(pf, pv)
    for (hc, hl, oc, ol) in pairings:
        if hl == "prefecture":
            side_prefs["H"].add(hc)
        if ol == "prefecture":
            side_prefs["O"].add(oc)
    for side in ("O", "H"):
        for pf in side_prefs[side]:
            if pf not in pprov:
                pv = _prov_of_code(pf, provs)
                if pv is None:
                    # a prefecture seen only through a pairing, its province never published (no students): the
                    # reader knows the hierarchy (the province is the code's first two digits)
                    if not (len(str(pf)) == 6 and str(pf)[:2].isdigit()):
                        raise DataError(f"prefecture {pf}: no province of the layer holds it")
                    pv = f"{str(pf)[:2]}0000"
                    provs.add(pv)
                pprov[pf] = pv
    if not closed_regions:
        for side in ("O", "H"):
            for pv in provs:
                pf = f"{UNSEEN}:{pv}"
                side_prefs[side].add(pf)
                pprov[pf] = pv
    return {"years": sorted(years), "provinces": sorted(provs), "pref_prov": pprov, "pairings": sorted(pairings, key=str),
            "oprefs": sorted(side_prefs["O"]), "hprefs": sorted(side_prefs["H"])}


def v2_cells(u: dict):
    """Fine cells and, per constraint key (kind, row key, count), the list of fine cells it sums."""
    pp = u["pref_prov"]
    cells = []
    cons = defaultdict(list)
    for y in u["years"]:
        for op in u["oprefs"]:
            o = pp[op]
            for hp in u["hprefs"]:
                h = pp[hp]
                prs = [pk for pk in u["pairings"]
                       if (pk[0] == (h if pk[1] == "province" else hp)) and (pk[2] == (o if pk[3] == "province" else op))]
                for poor in (0, 1):
                    for cl in range(4):
                        i = len(cells)
                        cells.append((y, op, hp, poor, cl))
                        for yy in (y, None):
                            keys = [("O", ("province", o, yy)), ("H", ("province", h, yy)), ("F", (o, h, yy))]
                            if not op.startswith(UNSEEN):
                                keys.append(("O", ("prefecture", op, yy)))
                            if not hp.startswith(UNSEEN):
                                keys.append(("H", ("prefecture", hp, yy)))
                            keys += [("P", pk + (yy,)) for pk in prs]
                            for kind, key in keys:
                                cons[(kind, key, "students")].append(i)
                                if poor:
                                    cons[(kind, key, "registered_poor")].append(i)
                            for key in ((o, h, yy), (o, None, yy)):
                                for col, (_, cls) in V2_COND.items():
                                    if col != "registered_poor" and cl in cls:
                                        cons[("Q", key, col)].append(i)
    return cells, dict(cons)


def _lower_hull(k, fmax):
    """Cuts n >= a*f + b valid for the points (f, n) a fine value f in {0} u [k, fmax] allows:
    (0, 0..k-1), (k, 1..k), (v, v) for k < v <= fmax."""
    cuts = [(1.0 / k, 0.0)]
    if fmax > k:
        s = (fmax - 1) / (fmax - k)
        cuts.append((s, 1.0 - s * k))
    return cuts


def _upper_hull(k, fmax):
    """n <= a*f + b over the same points."""
    if fmax < k:
        return [(0.0, k - 1.0)]
    return [((fmax - k + 1.0) / fmax, k - 1.0)]


class V2System:
    """The linear system of one attack over N nights: per night t and fine cell x, f[t,x] (fine value, only where not
    forced 0 by a published 0) and n[t,x] (true count); tied cells share their variables."""

    def __init__(self, k):
        self.k = k
        self.lb, self.ub, self.name = [], [], []
        self.rows = []  # (terms {var: coeff}, lo, hi, kind)

    def var(self, lb, ub, name):
        self.lb.append(float(lb))
        self.ub.append(float(ub))
        self.name.append(name)
        return len(self.lb) - 1

    def row(self, terms, lo, hi, kind):
        self.rows.append((terms, lo, hi, kind))


class _CompactLP:
    """A HiGHS LP over the variables that appear in some relation only; every other variable sits in its box, at the
    end its cost prefers (lower bound when the cost is >= 0, upper bound when < 0; unbounded when that bound is
    infinite). Same interface as the calls made on highspy.Highs here, solutions over all variables."""

    class _Sol:
        def __init__(self, x):
            self.col_value = x

    def __init__(self, S, highspy, np):
        self.hs, self.np = highspy, np
        nvar = len(S.lb)
        used = np.zeros(nvar, dtype=bool)
        for terms, _, _, _ in S.rows:
            used[list(terms.keys())] = True
        self.used = used
        self.idx = np.flatnonzero(used)
        self.pos = np.full(nvar, -1, dtype=np.int64)
        self.pos[self.idx] = np.arange(len(self.idx))
        self.lb = np.asarray(S.lb, dtype=float)
        self.ub = np.asarray(S.ub, dtype=float)
        self.cost = np.zeros(nvar)
        self._status = None
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("simplex_strategy", 4)
        inf = highspy.kHighsInf
        if len(self.idx):
            h.addVars(len(self.idx), self.lb[self.idx], np.where(np.isinf(self.ub[self.idx]), inf, self.ub[self.idx]))
        lo, hi, starts, idx, val = [], [], [], [], []
        for terms, a, b, _ in S.rows:
            starts.append(len(idx))
            idx.extend(int(self.pos[j]) for j in terms.keys())
            val.extend(terms.values())
            lo.append(-inf if math.isinf(a) else a)
            hi.append(inf if math.isinf(b) else b)
        if S.rows:
            h.addRows(len(S.rows), np.asarray(lo, dtype=float), np.asarray(hi, dtype=float), len(idx),
                      np.asarray(starts, dtype=np.int32), np.asarray(idx, dtype=np.int32),
                      np.asarray(val, dtype=float))
        self.h = h

    def run(self):
        np = self.np
        free = ~self.used
        if (free & (self.cost < 0) & np.isinf(self.ub)).any():
            self._status = self.hs.HighsModelStatus.kUnbounded
            return
        if not len(self.idx):
            self._status = self.hs.HighsModelStatus.kOptimal
            return
        self.h.run()
        self._status = self.h.getModelStatus()

    def getModelStatus(self):
        return self._status

    def getSolution(self):
        np = self.np
        x = np.where(self.cost < 0, self.ub, self.lb)
        if len(self.idx):
            x[self.idx] = np.asarray(self.h.getSolution().col_value)
        return self._Sol(x)

    def changeColsCost(self, n, idx, vals):
        np = self.np
        idx = np.asarray(idx, dtype=np.int64)
        vals = np.asarray(vals, dtype=float)
        self.cost[idx] = vals
        local = self.pos[idx]
        m = local >= 0
        if m.any():
            self.h.changeColsCost(int(m.sum()), local[m].astype(np.int32), vals[m])

    def modelStatusToString(self, st):
        return self.h.modelStatusToString(st)


def v2_attack(nights: list[dict], tie: str = "cell", growth: bool = False, current_cohort: bool = False,
              closed_regions: bool = False, fine_targets: bool = True, only_last: bool = True) -> dict:
    import numpy as np
    import highspy
    t0 = time.time()
    k = nights[0]["k"]
    method = nights[0]["protection"]
    for nt in nights[1:]:
        if nt["k"] != k:
            raise DataError("the nights' footers disagree on k: ties are meaningless")
        if nt["protection"] != method:
            raise DataError("the nights were protected by different methods")
    ixs = [index_night(nt) for nt in nights]
    u = v2_universe(ixs, closed_regions)
    cells, cons = v2_cells(u)
    N, C = len(nights), len(cells)
    latest = u["years"][-1] if u["years"] else None
    notes, direct = [], []
    # published values per night; every published row must be a row of the universe
    vals = []
    for t, ix in enumerate(ixs):
        rowset = {(kind, key) for (kind, key, col) in cons}
        for (kind, key), row in ix["pub"].items():
            if (kind, key) not in rowset:
                # a row of zeros over no possible fine cell (a pairing's all-years row on a night where every fine
                # value is 0, so no year is seen) says nothing; a non-zero one would be a contradiction
                if all(int(row.get(c) or 0) == 0 for c in ("students", "registered_poor")):
                    continue
                raise DataError(f"night {t}: published row {kind} {key} outside the reader's universe")
        v = {}
        for ck in cons:
            kind, key, col = ck
            row = ix["pub"].get((kind, key))
            x = 0 if row is None or row.get(col) is None else int(row[col])
            if 1 <= x <= k - 1:  # never a sum of fine values: itself a leak, left out of the system
                direct.append({"night": t, "kind": kind, "key": list(key), "count": col, "published": x})
                x = None
            v[ck] = x
        vals.append(v)
    # zero propagation: a published 0 (or an absent row) forces every fine value under it to 0
    zero = np.zeros((N, C), dtype=bool)
    fmax = np.full((N, C), np.inf)
    for t in range(N):
        for ck, lst in cons.items():
            x = vals[t][ck]
            idx = np.asarray(lst)
            if x is None:
                continue
            if x == 0:
                zero[t, idx] = True
            else:
                fmax[t, idx] = np.minimum(fmax[t, idx], x)
    if current_cohort and latest is not None:
        for i, (y, op, hp, poor, cl) in enumerate(cells):
            if y == latest and cl > 0:
                zero[:, i] = True
    # a fine value below k is 0
    zero |= fmax < k
    # ties: a fine cell tied between consecutive nights (same contributors: same f and n) when every published value
    # of its own intake year that selects it (every row and count, all tables) is equal on both nights, and it is
    # forced to 0 on both or on neither (the all-years rows are left out: they change with any new enrollment);
    # tie="none": no ties
    cons_of = [[] for _ in range(C)]
    for ck, lst in cons.items():
        for i in lst:
            cons_of[i].append(ck)
    same = np.zeros((max(N - 1, 0), C), dtype=bool)
    if tie != "none":
        for t in range(N - 1):
            for i in range(C):
                same[t, i] = zero[t, i] == zero[t + 1, i] and all(vals[t][ck] == vals[t + 1][ck] for ck in cons_of[i]
                                                                  if ck[1][-1] is not None)

    def build(pairs: set, first: int, mono: bool = False):
        """pairs: the consecutive night pairs (t-1, t), by t, whose ties are used; first: the first night built
        (without --growth, a night not tied to the attacked one through the pairs tells nothing about it);
        mono: method 2b's monotone fine value on the fine cells whose count --growth makes monotone."""
        S = V2System(k)
        fv = np.full((N, C), -1, dtype=np.int64)
        nv = np.full((N, C), -1, dtype=np.int64)
        ties = 0
        for t in range(first, N):
            for i in range(C):
                if t > first and t in pairs and same[t - 1, i]:
                    fv[t, i], nv[t, i] = fv[t - 1, i], nv[t - 1, i]
                    ties += 1
                    continue
                cc = cells[i]
                if current_cohort and cc[0] == latest and cc[4] > 0:
                    nv[t, i] = S.var(0, 0, ("n", t, i))
                    continue
                if zero[t, i]:
                    nv[t, i] = S.var(0, k - 1, ("n", t, i))
                    continue
                fm = fmax[t, i]
                f = S.var(0, fm, ("f", t, i))
                n = S.var(0, max(fm, k), ("n", t, i))
                fv[t, i], nv[t, i] = f, n
                for a, b in _lower_hull(k, fm):  # n - a f >= b
                    S.row({n: 1.0, f: -a}, b, math.inf, "hull")
                for a, b in _upper_hull(k, fm):  # n - a f <= b
                    S.row({n: 1.0, f: -a}, -math.inf, b, "hull")
        for t in range(first, N):
            done = set()
            for ck, lst in cons.items():
                x = vals[t][ck]
                if x is None or x == 0:
                    continue
                vs = tuple(sorted({int(fv[t, i]) for i in lst if fv[t, i] >= 0}))
                if (vs, x) in done:
                    continue
                done.add((vs, x))
                if not vs:
                    raise DataError(f"night {t}: {ck} published {x} but every fine cell under it is forced to 0")
                S.row({j: 1.0 for j in vs}, x, x, "published")
        if growth:
            # enrollments are only added (never removed, and past intake years are closed), a graduate stays one
            groups = defaultdict(list)
            for i, (y, op, hp, poor, cl) in enumerate(cells):
                groups[(y, op, hp, poor)].append(i)
            # a group whose fine values are forced to 0 on every night is left out: its true counts stay free
            # (every night at 0, or every night alike), so its relations can narrow nothing
            groups = {g: lst for g, lst in groups.items() if not zero[first:, lst].all()}
            for t in range(first, N - 1):
                for (y, op, hp, poor), lst in groups.items():
                    for sel in (lst, [i for i in lst if cells[i][4] > 0]):
                        a = defaultdict(float)
                        for i in sel:
                            a[int(nv[t + 1, i])] += 1.0
                            a[int(nv[t, i])] -= 1.0
                        a = {j: c for j, c in a.items() if c != 0}
                        if not a:
                            continue
                        if sel is lst and y != latest:
                            S.row(a, 0.0, 0.0, "closed_year")
                        else:
                            S.row(a, 0.0, math.inf, "growth")
        if growth and mono:
            # method 2b: a fine cell's value is a fixed non-decreasing function of its count (its threshold t never
            # changes). Where --growth makes a single fine cell's count monotone, its fine value moves the same way,
            # and a fine value that moves means a count that moved by at least 1: d (n' - n) >= d (f' - f) / M.
            # The not_graduated cell: of a past (closed) year it can only lose (graduates stay graduates), d = -1; of
            # the latest year under --current-cohort it is the whole group and only gains, d = +1.
            for t in range(first, N - 1):
                for i, (y, op, hp, poor, cl) in enumerate(cells):
                    if cl != 0:
                        continue
                    d = -1.0 if y != latest else (1.0 if current_cohort else 0.0)
                    if d == 0.0 or zero[t:t + 2, i].all():
                        continue
                    f0, f1, n0, n1 = int(fv[t, i]), int(fv[t + 1, i]), int(nv[t, i]), int(nv[t + 1, i])
                    if n0 == n1:
                        continue  # tied
                    M = max(fmax[t, i] if f0 >= 0 else 0.0, fmax[t + 1, i] if f1 >= 0 else 0.0)
                    fa = defaultdict(float)
                    if f1 >= 0:
                        fa[f1] += d
                    if f0 >= 0:
                        fa[f0] -= d
                    fa = {j: c for j, c in fa.items() if c != 0}
                    if not fa or math.isinf(M) or M <= 0:
                        continue
                    S.row(fa, 0.0, math.inf, "v2b_monotone_value")
                    a = defaultdict(float, {n1: d, n0: -d})
                    for j, c in fa.items():
                        a[j] -= c / M
                    S.row(dict(a), 0.0, math.inf, "v2b_value_moves_count")
        return S, fv, nv, ties

    def lp_of(S):
        return _CompactLP(S, highspy, np)

    def first_of(pairs):
        if growth or not only_last:
            return 0
        f = N - 1
        while f > 0 and f in pairs:
            f -= 1
        return f

    def feasible(pairs, mono):
        S_, fv_, nv_, ties_ = build(pairs, first_of(pairs), mono)
        h_ = lp_of(S_)
        h_.run()
        return h_.getModelStatus() == highspy.HighsModelStatus.kOptimal, (S_, fv_, nv_, ties_, h_)

    def settle(mono):
        """Every tie; if infeasible, the pairs of nights consistent on their own; then none. -> (ok, built, notes)"""
        nts = []
        pairs = set(range(1, N)) if tie != "none" else set()
        ok, built = feasible(pairs, mono)
        if not ok and pairs:
            # an assumed-unchanged cell changed: keep the ties of each pair of nights that is consistent on its own
            good = set()
            for t in sorted(pairs):
                S_, fv_, nv_, _ = build({t}, t - 1, mono) if not growth else build({t}, 0, mono)
                h_ = lp_of(S_)
                h_.run()
                if h_.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                    good.add(t)
            nts.append(f"infeasible with every tie: a cell assumed unchanged changed; ties kept between nights "
                       f"{sorted((t - 1, t) for t in good)} only")
            pairs = good
            ok, built = feasible(pairs, mono)
            if not ok and pairs:
                nts.append("still infeasible: no ties")
                pairs = set()
                ok, built = feasible(pairs, mono)
        return ok, built, nts

    mono = method == PROT_V2B and growth
    monotonicity_broken = False
    ok, built, nts = settle(mono)
    if mono and (not ok or nts):
        # method 2b promises a fine value that never falls while its count does not: if the growth relations hold
        # (with more ties) without it, the layer broke that promise (or the reader's growth assumption is wrong)
        ok2, built2, nts2 = settle(False)
        if ok2 and (not ok or len(nts2) < len(nts)):
            monotonicity_broken = True
            notes.append("infeasible with method 2b's monotone fine values but feasible without them: a fine value "
                         "fell while, by --growth, its count could not have (the threshold is not fixed per cell, "
                         "or enrollments were removed); attacked with method 2's relations")
            ok, built, nts = ok2, built2, nts2
    notes.extend(nts)
    if not ok:
        raise DataError("the system is infeasible: a relation assumed here does not hold"
                        + (" (try without --growth)" if growth else ""))
    S, fv, nv, ties, h = built
    nvar = len(S.lb)
    used = np.zeros(nvar, dtype=bool)
    for terms, _, _, _ in S.rows:
        used[list(terms.keys())] = True

    # targets: every count of every row of the universe (absent rows included), the complements, and fine cells
    targets = []
    tnights = [N - 1] if only_last else list(range(N))
    for t in tnights:
        for ck, lst in cons.items():
            targets.append((t, "count", ck, lst))
        for (kind, key, col), lst in cons.items():
            if col == "registered_poor":
                base = cons[(kind, key, "students")]
                targets.append((t, "complement", (kind, key, "students-registered_poor"), sorted(set(base) - set(lst))))
            elif kind == "Q" and col != "students":
                parent = {"graduated": "students", "employed": "graduated", "employed_in_origin_province": "employed"}[col]
                base = cons[(kind, key, parent)]
                targets.append((t, "complement", (kind, key, f"{parent}-{col}"), sorted(set(base) - set(lst))))
        if fine_targets:
            for i in range(C):
                targets.append((t, "fine", ("fine", cells[i], "n"), [i]))
    starts, flat = [], []
    for (t, cls, ck, lst) in targets:
        starts.append(len(flat))
        flat.extend(nv[t, lst].tolist())
    flat = np.asarray(flat, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    lens = np.diff(np.append(starts, len(flat)))
    # a variable that appears in no relation and ranges over >= k values makes its target at least k values wide
    freew = (~used) & (np.asarray(S.ub) - np.asarray(S.lb) >= k - 1)
    fw = freew[flat].astype(np.int64)
    free_wide = np.zeros(len(targets), dtype=bool)
    nzl = lens > 0
    if len(flat):
        free_wide[nzl] = np.add.reduceat(fw, starts[nzl]) > 0

    def tsum(x):
        out = np.zeros(len(targets))
        nz = lens > 0
        out[nz] = np.add.reduceat(x[flat], starts[nz]) if len(flat) else 0
        return out

    lbv = np.asarray(S.lb)
    ubv = np.asarray([1e18 if math.isinf(b) else b for b in S.ub])
    seen_lo = np.full(len(targets), np.inf)
    seen_hi = np.full(len(targets), -np.inf)

    def witness(x):
        nonlocal seen_lo, seen_hi
        # free variables take any value in their box: the extremes widen the witnesses for free
        s = tsum(x)
        xl = np.where(used, x, lbv)
        xh = np.where(used, x, ubv)
        seen_lo = np.minimum(seen_lo, np.minimum(s, tsum(xl)))
        seen_hi = np.maximum(seen_hi, np.maximum(s, tsum(xh)))

    rng = np.random.default_rng(1)
    zeros = np.zeros(nvar)
    allidx = np.arange(nvar, dtype=np.int32)
    witness(np.asarray(h.getSolution().col_value))
    # every true count at once to its lowest and to its highest: each target's range shows there when its cells
    # are independent (the common case), so most targets need no LP of their own
    isn = np.asarray([nm[0] == "n" for nm in S.name])
    for sense in (1.0, -1.0):
        h.changeColsCost(nvar, allidx, np.where(isn, sense, 0.0))
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            witness(np.asarray(h.getSolution().col_value))
    for _ in range(2):
        c = rng.uniform(-1, 1, nvar)
        h.changeColsCost(nvar, allidx, c)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            witness(np.asarray(h.getSolution().col_value))
    h.changeColsCost(nvar, allidx, zeros)

    results = []
    solves = 0
    for ti, (t, cls, ck, lst) in enumerate(targets):
        if lens[ti] == 0:
            continue  # an empty set of fine cells: 0 by construction (not a count a reader has to guess)
        if free_wide[ti] or seen_hi[ti] - seen_lo[ti] >= k - 1 - TOL:
            continue  # at least k values possible: nothing learned
        vs = flat[starts[ti]:starts[ti] + lens[ti]]
        cnt = defaultdict(float)
        for j in vs:
            cnt[int(j)] += 1.0
        cidx = np.asarray(list(cnt.keys()), dtype=np.int32)
        cval = np.asarray(list(cnt.values()))
        bounds = []
        for sense in (1.0, -1.0):
            h.changeColsCost(len(cidx), cidx, sense * cval)
            h.run()
            solves += 1
            st = h.getModelStatus()
            if st == highspy.HighsModelStatus.kOptimal:
                x = np.asarray(h.getSolution().col_value)
                witness(x)
                bounds.append(float(np.dot(x[cidx], cval)))
            elif st in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
                bounds.append(-math.inf if sense > 0 else math.inf)
            else:
                raise DataError(f"LP failed: {h.modelStatusToString(st)}")
            h.changeColsCost(len(cidx), cidx, np.zeros(len(cidx)))
        lo = math.ceil(bounds[0] - TOL)
        hi = math.floor(bounds[1] + TOL) if not math.isinf(bounds[1]) else math.inf
        results.append({"night": t, "class": cls, "kind": ck[0], "key": ck[1], "count": ck[2], "min": lo, "max": hi,
                        "fine_cells": len(lst)})
    leaks, pinned, small = [], [], []
    for e in results:
        lo, hi = e["min"], e["max"]
        width = hi - lo + 1
        if lo <= k - 1 and hi >= 1 and width < k:
            e["width"] = width
            leaks.append(e)
            if lo == hi:
                pinned.append(e)
            if lo >= 1 and hi <= k - 1:
                small.append(e)
    leaks.sort(key=lambda e: (e["width"], e["min"]))

    def by_class(lst):
        return {c: sum(1 for e in lst if e["class"] == c) for c in ("count", "complement", "fine")}

    out = {
        "method": method, "k": k, "modulus": nights[0]["modulus"],
        "monotonicity_broken": monotonicity_broken,
        "nights": [{"root": nt["root"], "run_date": nt["run_date"]} for nt in nights],
        "assumptions": {"tie": tie, "growth": growth, "current_cohort": current_cohort,
                        "closed_regions": closed_regions},
        "integrality": "fine values in {0} u [k, fmax]: convex hull of (fine value, true count) per fine cell; "
                       "LP bounds rounded inward",
        "fine_cells_per_night": C, "ties": ties, "notes": notes,
        "unknowns": nvar, "relations": dict((kd, sum(1 for r in S.rows if r[3] == kd))
                                            for kd in sorted({r[3] for r in S.rows})),
        "targets": len(targets), "lp_solves": solves,
        "cells_attacked": len(results),
        "cells_narrowed": len(leaks) + len(direct), "narrowed_by_class": by_class(leaks),
        "pinned": len(pinned), "pinned_by_class": by_class(pinned),
        "shown_small": len(small), "shown_small_by_class": by_class(small),
        "published_small": direct,
        "worst": [_v2_json(e) for e in leaks[:20]],
        "seconds": round(time.time() - t0, 2),
        "_results": results, "_leaks": leaks, "_cells": cells, "_cons": cons, "_same": same,
    }
    return out


def check_additive(night: dict, limit: int = 50) -> dict:
    """From one night's published Parquet alone: does every table add up as the additive contracts (methods 2 and
    2b, item 4 and 5) say? Checks: no count in 1..k-1; within a row registered_poor <= students, graduated <=
    students, employed <= graduated, employed_in_origin_province <= employed; every all-years row the sum of its
    years (absent rows 0); a province the sum of its prefectures (both sides, the origin's `xxxx` included); an origin
    (host) province's flows its students_by_origin (students_by_host) row; province_outcomes' students its flow's,
    host null the sum over hosts and the origin's total; a province x province pairing its flow, a pairing with a
    prefecture at most its prefecture's row and its provinces' flow; every rate from its row's published counts;
    rows of the first four tables only when students > 0, every pairing with its all-years row.
    Returns {"checked": n, "violations": [...] (the first `limit`), "violation_count": m}."""
    k = night["k"]
    ix = index_night(night)
    pub = ix["pub"]
    viol, checked = [], [0]

    def bad(what, **kw):
        viol.append(dict(what=what, **{kk: (list(v) if isinstance(v, tuple) else v) for kk, v in kw.items()}))

    def val(kind, key, col):
        r = pub.get((kind, key))
        return 0 if r is None else int(r[col])

    def eq(what, a, parts, **kw):
        checked[0] += 1
        if a != sum(parts):
            bad(what, published=a, sum_of_parts=sum(parts), **kw)

    years = sorted(ix["years"])
    for (kind, key), r in pub.items():
        for c in COLS[kind]:
            checked[0] += 1
            if 1 <= int(r[c]) <= k - 1:
                bad("count in 1..k-1", kind=kind, key=key, count=c, published=int(r[c]))
            if int(r[c]) < 0:
                bad("negative count", kind=kind, key=key, count=c, published=int(r[c]))
        for a, b in LE[kind]:
            checked[0] += 1
            if int(r[a]) > int(r[b]):
                bad(f"{a} > {b}", kind=kind, key=key, a=int(r[a]), b=int(r[b]))
        if kind != "P" and int(r["students"]) <= 0:
            bad("row present with students 0", kind=kind, key=key)
    # all years = the sum of the years
    rowkeys = {(kind, key[:-1]) for (kind, key) in pub}
    for kind, base in sorted(rowkeys, key=str):
        for c in COLS[kind]:
            eq("all years != sum of years", val(kind, base + (None,), c), [val(kind, base + (y,), c) for y in years],
               kind=kind, key=base, count=c)
    provs = sorted(ix["provinces"])
    prefs_of = defaultdict(set)
    for (kind, key) in pub:
        if kind in ("O", "H") and key[0] == "prefecture":
            prefs_of[(kind, ix["pref_prov"].get(key[1]))].add(key[1])
    for y in years + [None]:
        for kind in ("O", "H"):
            for p in provs:
                for c in ("students", "registered_poor"):
                    eq("province != sum of its prefectures", val(kind, ("province", p, y), c),
                       [val(kind, ("prefecture", f, y), c) for f in sorted(prefs_of[(kind, p)])],
                       kind=kind, key=(p, y), count=c)
        for p in provs:
            for c in ("students", "registered_poor"):
                eq("origin province != sum of its flows", val("O", ("province", p, y), c),
                   [val("F", (p, h, y), c) for h in provs], key=(p, y), count=c)
                eq("host province != sum of its flows", val("H", ("province", p, y), c),
                   [val("F", (o, p, y), c) for o in provs], key=(p, y), count=c)
            for c in COLS["Q"]:
                eq("province_outcomes host null != sum over hosts", val("Q", (p, None, y), c),
                   [val("Q", (p, h, y), c) for h in provs], key=(p, y), count=c)
            eq("province_outcomes (o, all hosts) students != origin province", val("Q", (p, None, y), "students"),
               [val("O", ("province", p, y), "students")], key=(p, y))
            for h in provs:
                eq("province_outcomes students != flow", val("Q", (p, h, y), "students"),
                   [val("F", (p, h, y), "students")], key=(p, h, y))
        for (hc, hl, oc, ol) in sorted(ix["pairings"]):
            hp = hc if hl == "province" else ix["pref_prov"].get(hc)
            op = oc if ol == "province" else ix["pref_prov"].get(oc)
            for c in ("students", "registered_poor"):
                v = val("P", (hc, hl, oc, ol, y), c)
                if hl == ol == "province":
                    eq("province pairing != its flow", v, [val("F", (op, hp, y), c)], key=(hc, oc, y), count=c)
                else:
                    checked[0] += 1
                    bounds = [val("F", (op, hp, y), c)] if op and hp else []
                    if hl == "prefecture":
                        bounds.append(val("H", ("prefecture", hc, y), c))
                    if ol == "prefecture":
                        bounds.append(val("O", ("prefecture", oc, y), c))
                    if bounds and v > min(bounds):
                        bad("pairing above its prefecture or flow", key=(hc, oc, y), count=c, published=v,
                            bound=min(bounds))
    for (hc, hl, oc, ol) in ix["pairings"]:
        checked[0] += 1
        if ("P", (hc, hl, oc, ol, None)) not in pub:
            bad("pairing without its all-years row", key=(hc, hl, oc, ol))
    # rates from the row's published counts (item 5)
    rates = {"students_by_origin": [("registered_poor_share", "registered_poor", "students")],
             "students_by_host": [("registered_poor_share", "registered_poor", "students")],
             "province_flows": [("registered_poor_share", "registered_poor", "students")],
             "province_outcomes": [("graduation_rate", "graduated", "students"), ("employment_rate", "employed",
                                                                                  "graduated"),
                                   ("return_home_rate", "employed_in_origin_province", "employed")],
             "pairing_students": [("registered_poor_share", "registered_poor", "students"),
                                  ("share_of_target", "students", "target_students")]}
    for table, lst in rates.items():
        for r in night["tables"][table]:
            for rate, num, den in lst:
                if rate not in r:
                    continue
                checked[0] += 1
                a, b, x = r.get(num), r.get(den), r.get(rate)
                want = None if not b else a / b
                if (want is None) != (x is None) or (want is not None and abs(x - want) > 1e-9 * max(1.0, abs(want))
                                                     and abs(x - min(1.0, want)) > 1e-9):
                    bad("rate not from the row's published counts", table=table, rate=rate, published=x,
                        expected=want, row={kk: r.get(kk) for kk in r if not kk.endswith("_name")})
    return {"checked": checked[0], "violation_count": len(viol), "violations": viol[:limit]}


def _v2_json(e):
    return {kk: (list(v) if isinstance(v, tuple) else v) for kk, v in e.items()}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--published", help="a published directory holding <table>/run_date=D/*.parquet")
    p.add_argument("--output", help="a crossenroll output directory (the layer under OUTPUT/published)")
    p.add_argument("--run-date", help="the night to attack (needed when a table holds several)")
    p.add_argument("--previous", action="append", default=[],
                   help="the published directory of an earlier night (repeatable, oldest first)")
    p.add_argument("--previous-run-date", action="append", default=[],
                   help="an earlier night's run date (repeatable, oldest first; with --output, or one per --previous)")
    p.add_argument("--k", type=int, help="optional: the k the caller expects; exit 2 when the footers say another")
    p.add_argument("--batch", help="a JSON list of attacks run one after the other: [{\"output\": DIR, \"run_date\": D, "
                                   "\"previous_run_date\": D0 (optional), \"json\": FILE (optional), \"k\": K "
                                   "(optional)}, ...]; the exit code is the worst of them")
    p.add_argument("--tie", choices=("row", "cell", "none"), default="row")
    p.add_argument("--tie-years", choices=("past", "all"), default="past",
                   help="tie rows of every intake year but the latest (past), or every row, all-years rows included")
    p.add_argument("--tie-outcomes", action="store_true",
                   help="tie the outcome counts (graduated, employed, employed_in_origin_province) too")
    p.add_argument("--only-last", action="store_true",
                   help="attack only the latest night's cells (the earlier nights serve as relations)")
    p.add_argument("--open-regions", action="store_true",
                   help="do not assume the regions and years seen are all there are")
    p.add_argument("--growth", action="store_true",
                   help="method 2: assume enrollments are only added (past intake years closed) and a graduate stays "
                        "one, between consecutive nights (a reader's assumption beyond the contract)")
    p.add_argument("--current-cohort", action="store_true",
                   help="method 2: assume the latest intake year has no graduates yet (outside knowledge)")
    p.add_argument("--no-fine", action="store_true", help="method 2: do not attack single fine cells")
    p.add_argument("--closed-regions", action="store_true",
                   help="method 2: the prefectures seen are all there are (no unseen prefecture per province)")
    p.add_argument("--fail-on", choices=("disclosed", "narrowed"), default=None,
                   help="exit 1 when a count of 1..k-1 is shown small or pinned (disclosed, issue 26's definition), "
                        "or already when any range meeting 1..k-1 is narrower than k values (narrowed); default "
                        "disclosed for method 1, narrowed for method 2 (its contract promises no range below k)")
    p.add_argument("--check", action="store_true",
                   help="methods 2 and 2b: only check that each night's tables add up as the contract says "
                        "(exit 0 they do, 1 they do not)")
    p.add_argument("--json", help="write the JSON report here")
    p.add_argument("--cells", action="store_true", help="include every attacked cell in the JSON report")
    try:
        args = p.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if args.batch:
        return run_batch(args.batch, args)
    try:
        if bool(args.published) == bool(args.output):
            p.print_usage(sys.stderr)
            print("give exactly one of --published DIR and --output OUTDIR", file=sys.stderr)
            return 2
        root = args.published or os.path.join(args.output, "published")
        nights = []
        prev = args.previous or [root] * len(args.previous_run_date)
        dates = args.previous_run_date or [None] * len(prev)
        if len(dates) != len(prev):
            raise DataError("give one --previous-run-date per --previous")
        for pr, dt in zip(prev, dates):
            nights.append(read_night(pr, dt))
        nights.append(read_night(root, args.run_date))
        if args.k is not None and args.k != nights[-1]["k"]:
            raise DataError(f"--k {args.k} but the footers say k = {nights[-1]['k']}")
        prots = {nt["protection"] for nt in nights}
        if len(prots) != 1:
            raise DataError(f"the nights were protected by different methods: {sorted(prots)}")
        if nights[-1]["protection"] in PROT_ADDITIVE:
            return main_v2(args, nights)
        if args.fail_on is None:
            args.fail_on = "disclosed"
        result = attack(nights, tie=args.tie, open_regions=args.open_regions, tie_years=args.tie_years,
                        tie_outcomes=args.tie_outcomes, only_last=args.only_last)
    except DataError as e:
        print(f"cellkey_attack: {e}", file=sys.stderr)
        return 2
    disclosed = result["shown_small"] + len(result["published_small"])
    code = 1 if (disclosed if args.fail_on == "disclosed" else result["cells_narrowed"]) else 0
    result["fail_on"] = args.fail_on
    result["exit"] = code
    print(f"cellkey_attack: k={result['k']} D={result['D']} nights={len(result['nights'])} "
          f"unknowns={result['unknowns']} cells attacked={result['cells_attacked']} narrowed below k={result['cells_narrowed']} "
          f"(pinned {result['pinned']}, shown small {result['shown_small']}, complements {result['leaks_on_complements']}) "
          f"narrowed below item 2={result['narrowed_below_item2']} ties={result['ties']} in {result['seconds']} s")
    for n in result["notes"]:
        print("note:", n)
    for e in result["worst"][:10]:
        print(f"  {e['table']} {e['key']} {e['count']} night {e['night']}: published {e['published']}, "
              f"true count in {e['min']}..{e['max']}")
    if args.json:
        out = {k: v for k, v in result.items() if not k.startswith("_")}
        if args.cells:
            out["cells"] = result["_cells"]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1, default=str)
    print(("LEAK: a count of 1..k-1 shown small or pinned" if args.fail_on == "disclosed" else
           "LEAK: a range meeting 1..k-1 narrower than k values") if code else
          f"nothing beyond the guarantee (fail-on {args.fail_on})")
    return code


def main_v2(args, nights):
    checks = [check_additive(nt) for nt in nights]
    for nt, ch in zip(nights, checks):
        print(f"additivity ({nt['run_date'] or nt['root']}): {ch['checked']} relations checked, "
              f"{ch['violation_count']} violated")
        for v in ch["violations"][:10]:
            print("  violated:", json.dumps(v, default=str, ensure_ascii=False))
    broken = sum(ch["violation_count"] for ch in checks)
    if args.check:
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump({"method": nights[-1]["protection"], "k": nights[-1]["k"],
                           "nights": [{"root": nt["root"], "run_date": nt["run_date"]} for nt in nights],
                           "additivity": checks, "exit": int(broken > 0)}, f, ensure_ascii=False, indent=1,
                          default=str)
        print("CONTRACT VIOLATED: a table does not add up" if broken else "every table adds up")
        return 1 if broken else 0
    tie = "none" if args.tie == "none" else "cell"
    result = v2_attack(nights, tie=tie, growth=args.growth, current_cohort=args.current_cohort,
                       closed_regions=args.closed_regions, fine_targets=not args.no_fine,
                       only_last=args.only_last or len(nights) > 1)
    result["additivity"] = checks
    fail_on = args.fail_on or "narrowed"
    disclosed = result["shown_small"] + result["pinned"] + len(result["published_small"])
    code = 1 if (disclosed if fail_on == "disclosed" else result["cells_narrowed"]) else 0
    if broken or result["monotonicity_broken"]:
        code = 1  # the layer breaks its own contract: a finding whatever the ranges
    result["fail_on"] = fail_on
    result["exit"] = code
    print(f"cellkey_attack ({result['method']}): k={result['k']} nights={len(result['nights'])} "
          f"fine cells/night={result['fine_cells_per_night']} unknowns={result['unknowns']} ties={result['ties']} "
          f"targets={result['targets']} LP-attacked={result['cells_attacked']} narrowed below k="
          f"{result['cells_narrowed']} (shown small {result['shown_small']}, pinned {result['pinned']}, "
          f"published 1..k-1: {len(result['published_small'])}) in {result['seconds']} s")
    for n in result["notes"]:
        print("note:", n)
    for e in result["worst"][:10]:
        print(f"  night {e['night']} {e['class']} {e['kind']} {e['key']} {e['count']}: true count in "
              f"{e['min']}..{e['max']}")
    if args.json:
        out = {kk: v for kk, v in result.items() if not kk.startswith("_")}
        if args.cells:
            out["cells"] = [_v2_json(e) for e in result["_results"]]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1, default=str)
    if broken:
        print("CONTRACT VIOLATED: a table does not add up (see above)")
    if result["monotonicity_broken"]:
        print("CONTRACT VIOLATED (under --growth): a fine value fell while its count could only have risen")
    print("LEAK: a count meeting 1..k-1 narrowed below k values" if result["cells_narrowed"] else
          "nothing beyond the guarantee")
    return code


def run_batch(path, args):
    try:
        with open(path, encoding="utf-8") as f:
            jobs = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cellkey_attack: cannot read batch {path}: {e}", file=sys.stderr)
        return 2
    worst = 0
    for job in jobs:
        argv = ["--output", job["output"], "--run-date", job["run_date"], "--tie", args.tie,
                "--tie-years", args.tie_years] + (["--fail-on", args.fail_on] if args.fail_on else [])
        for flag in ("growth", "current_cohort", "no_fine", "closed_regions"):
            if getattr(args, flag):
                argv.append("--" + flag.replace("_", "-"))
        for key, flag in (("previous_run_date", "--previous-run-date"), ("json", "--json"), ("k", "--k")):
            vals = job.get(key)
            for val in (vals if isinstance(vals, list) else [] if vals is None else [vals]):
                argv += [flag, str(val)]
        if args.tie_outcomes:
            argv.append("--tie-outcomes")
        if args.open_regions:
            argv.append("--open-regions")
        print(f"== {job['output']} {job['run_date']}", flush=True)
        code = main(argv)
        print(f"== exit {code}", flush=True)
        worst = max(worst, code)
    return worst


if __name__ == "__main__":
    sys.exit(main())
