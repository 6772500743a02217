#!/usr/bin/env python3
"""An outside statistician's attack on crossenroll's published layer (tau-argus-style interval audit).

Written from the documentation only (docs/published-layer.md, docs/reports.md), independently of the
suppression code it attacks. It writes every linear relation a reader of the five published reports can know,
treats the withheld cells and the never-published complements (students - female, ...) as unknowns, and finds

  (a) sensitive cells determined exactly by the equalities alone (a unit vector in the row space of the equality
      system restricted to the unknowns), by sparse elimination modulo the prime 2^61-1 (exact, no float rank);
  (b) for every sensitive cell, its LP range (min and max subject to all equalities, inequalities and bounds),
      with HiGHS: one model per connected component of unknowns, only the objective changes between solves
      (warm start), and every feasible point found so far (the true values included) lets cells whose range
      already reaches k skip their LPs.

A sensitive cell is an unknown whose true value is in 1..k-1. A leak is a sensitive cell recovered exactly or
narrowed to an interval of width < k (tolerance 1e-6).

Mode 1 (a crossenroll output directory; true values from the internal layer, each relation first verified on it):
    python disclosure_attack.py --output DIR --run-date YYYY-MM-DD --k K [--json FILE]
Mode 2 (an abstract linear system):
    python disclosure_attack.py --system FILE.json [--json OUT]
    FILE.json: {"k": K, "cells": [{"value": int, "published": bool, "lower": int (default 0)}, ...],
                "equalities": [[[cell, coeff], ...], ...]    (sum coeff*x = 0),
                "inequalities": [[[cell, coeff], ...], ...]  (sum coeff*x <= 0)}

Mode 3 (many crossenroll output directories in one process, for test suites that attack hundreds of layers):
    python disclosure_attack.py --batch FILE.json
    FILE.json: [{"output": DIR, "run_date": "YYYY-MM-DD", "k": K, "json": RESULT_FILE}, ...]; each is attacked as
    mode 1 would (its summary printed after a line "== DIR k=K"), and the exit code is the worst of them.

Exit codes: 0 nothing leaks, 1 something leaks, 2 usage or data error (including a relation that does not hold
on the internal layer: a misunderstanding of the reports).
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
from fractions import Fraction

TOL = 1e-6
PRIME = (1 << 61) - 1


class DataError(Exception):
    """A usage or data error: exit 2."""


# ---------------------------------------------------------------------------------------------------------------
# The core: a linear system over cells, some published (constants), the others unknown.
# ---------------------------------------------------------------------------------------------------------------

class System:
    def __init__(self, k: int):
        self.k = k
        self.values: list[int] = []
        self.published: list[bool] = []
        self.lower: list[int] = []
        self.labels: list[object] = []
        self.eqs: list[list[tuple[int, int]]] = []   # sum c*x = 0
        self.ineqs: list[list[tuple[int, int]]] = []  # sum c*x <= 0
        self.eq_kinds: list[str] = []
        self.ineq_kinds: list[str] = []

    def add_cell(self, value: int, published: bool, lower: int = 0, label=None) -> int:
        self.values.append(int(value))
        self.published.append(bool(published))
        self.lower.append(int(lower))
        self.labels.append(label)
        return len(self.values) - 1


def _integer_terms(terms):
    """Merges duplicate cells and scales rational coefficients to integers."""
    acc: dict[int, Fraction] = defaultdict(Fraction)
    for i, c in terms:
        acc[int(i)] += Fraction(c) if not isinstance(c, float) else Fraction(c).limit_denominator(10 ** 9)
    acc = {i: c for i, c in acc.items() if c != 0}
    den = 1
    for c in acc.values():
        den = den * c.denominator // math.gcd(den, c.denominator)
    return [(i, int(c * den)) for i, c in sorted(acc.items())]


def _modinv(a: int) -> int:
    return pow(a, PRIME - 2, PRIME)


def _sym(v: int) -> int:
    return v - PRIME if v > PRIME // 2 else v


def exact_recovery(n_unknown: int, rows: list[tuple[dict[int, int], int]]):
    """Sparse elimination mod PRIME of A x = b (A: rows over unknown indexes). Returns (determined: dict index ->
    value, rank). An unknown is determined iff e_j lies in the row space of A, i.e. every null vector is 0 at j:
    tested on two random null vectors (a false 'determined' has probability 1/PRIME)."""
    occurrences = defaultdict(int)
    for r, _ in rows:
        for c in r:
            occurrences[c] += 1
    pivots: dict[int, tuple[dict[int, int], int]] = {}
    order: list[int] = []
    for r0, b0 in rows:
        r = {c: v % PRIME for c, v in r0.items() if v % PRIME}
        b = b0 % PRIME
        while True:
            pc = next((c for c in r if c in pivots), None)
            if pc is None:
                break
            f = r[pc]
            prow, pb = pivots[pc]
            for c, v in prow.items():
                nv = (r.get(c, 0) - f * v) % PRIME
                if nv:
                    r[c] = nv
                else:
                    r.pop(c, None)
            b = (b - f * pb) % PRIME
        if not r:
            if b:
                raise DataError("the equalities are inconsistent with the published values")
            continue
        pc = min(r, key=lambda c: (occurrences[c], c))
        inv = _modinv(r[pc])
        r = {c: v * inv % PRIME for c, v in r.items()}
        pivots[pc] = (r, b * inv % PRIME)
        order.append(pc)

    def back_substitute(free_value, homogeneous):
        x: dict[int, int] = {}
        for pc in reversed(order):
            r, b = pivots[pc]
            s = 0 if homogeneous else b
            for c, v in r.items():
                if c == pc:
                    continue
                if c not in x:
                    x[c] = free_value()
                s -= v * x[c]
            x[pc] = s % PRIME
        return x

    rng = random.Random(20261129)
    z1 = back_substitute(lambda: rng.randrange(1, PRIME), True)
    z2 = back_substitute(lambda: rng.randrange(1, PRIME), True)
    x0 = back_substitute(lambda: 0, False)
    determined = {pc: _sym(x0[pc]) for pc in order if z1.get(pc) == 0 and z2.get(pc) == 0}
    return determined, len(order)


class _UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, a):
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[a] = b


def attack(system: System, log=print) -> dict:
    """Attacks (a) and (b) over a system; returns the results."""
    import highspy
    import numpy as np

    t0 = time.perf_counter()
    k = system.k
    ncell = len(system.values)
    unknown_of = {}
    unknowns = []
    for i in range(ncell):
        if not system.published[i]:
            unknown_of[i] = len(unknowns)
            unknowns.append(i)
    nu = len(unknowns)
    truth = np.array([system.values[i] for i in unknowns], dtype=float)
    lower = np.array([system.lower[i] for i in unknowns], dtype=float)

    def split(terms):
        row, const = {}, 0
        for i, c in terms:
            if system.published[i]:
                const += c * system.values[i]
            else:
                row[unknown_of[i]] = row.get(unknown_of[i], 0) + c
        return {u: c for u, c in row.items() if c}, -const  # row . x  (=|<=)  rhs

    eq_rows, ineq_rows = [], []
    for terms in system.eqs:
        row, rhs = split(terms)
        if row:
            eq_rows.append((row, rhs))
        elif rhs != 0:
            raise DataError("an equality between published values does not hold")
    for terms in system.ineqs:
        row, rhs = split(terms)
        if row:
            ineq_rows.append((row, rhs))
        elif rhs < 0:
            raise DataError("an inequality between published values does not hold")

    sensitive = [u for u in range(nu) if 1 <= system.values[unknowns[u]] <= k - 1]

    # (a) exact recovery from the equalities alone
    determined, rank = exact_recovery(nu, eq_rows)
    t_exact = time.perf_counter() - t0

    # connected components of the unknowns
    uf = _UnionFind(nu)
    for row, _ in eq_rows + ineq_rows:
        it = iter(row)
        first = next(it)
        for u in it:
            uf.union(first, u)
    comp_members = defaultdict(list)
    for u in range(nu):
        comp_members[uf.find(u)].append(u)
    comp_eqs, comp_ineqs = defaultdict(list), defaultdict(list)
    for row, rhs in eq_rows:
        comp_eqs[uf.find(next(iter(row)))].append((row, rhs))
    for row, rhs in ineq_rows:
        comp_ineqs[uf.find(next(iter(row)))].append((row, rhs))
    sens_by_comp = defaultdict(list)
    for u in sensitive:
        sens_by_comp[uf.find(u)].append(u)

    # (b) intervals by LP
    intervals: dict[int, tuple[float, float]] = {}
    n_lp = 0
    inf = highspy.kHighsInf
    for root, sens in sens_by_comp.items():
        members = comp_members[root]
        local = {u: j for j, u in enumerate(members)}
        n = len(members)
        lo_seen = truth[members].copy()
        hi_seen = truth[members].copy()
        # cells fixed by the equalities: known exactly, no LP
        todo = []
        for u in sens:
            if u in determined:
                intervals[u] = (float(determined[u]), float(determined[u]))
            else:
                todo.append(u)
        if not todo:
            continue
        rows = comp_eqs[root] + comp_ineqs[root]
        if not rows:  # only bounds: unbounded above
            for u in todo:
                intervals[u] = (float(system.lower[unknowns[u]]), math.inf)
            continue
        starts, index, value, rlo, rhi = [0], [], [], [], []
        for row, rhs in comp_eqs[root]:
            for u, c in row.items():
                index.append(local[u]); value.append(float(c))
            starts.append(len(index)); rlo.append(float(rhs)); rhi.append(float(rhs))
        for row, rhs in comp_ineqs[root]:
            for u, c in row.items():
                index.append(local[u]); value.append(float(c))
            starts.append(len(index)); rlo.append(-inf); rhi.append(float(rhs))
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(rlo)
        lp.col_cost_ = np.zeros(n)
        col_lower = lower[members].copy()
        col_upper = np.full(n, inf)
        for u, j in local.items():  # cells the equalities determine are fixed: a smaller LP for HiGHS
            if u in determined:
                col_lower[j] = col_upper[j] = determined[u]
        lp.col_lower_ = col_lower
        lp.col_upper_ = col_upper
        lp.row_lower_ = np.array(rlo)
        lp.row_upper_ = np.array(rhi)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        # primal simplex: after an objective change the basis stays primal feasible, so each solve is a warm start
        # (about five times faster here than HiGHS's default dual simplex)
        h.setOptionValue("simplex_strategy", 4)
        h.passModel(lp)

        def solve(j, sense):
            nonlocal n_lp, lo_seen, hi_seen
            h.changeColCost(j, float(sense))
            h.run()
            n_lp += 1
            status = h.getModelStatus()
            h.changeColCost(j, 0.0)
            if status == highspy.HighsModelStatus.kOptimal:
                x = np.asarray(h.getSolution().col_value)
                np.minimum(lo_seen, x, out=lo_seen)
                np.maximum(hi_seen, x, out=hi_seen)
                return float(x[j])
            if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
                return -math.inf * sense
            raise DataError(f"LP failed: {h.modelStatusToString(status)}")

        for u in todo:
            j = local[u]
            if hi_seen[j] - lo_seen[j] >= k - TOL:
                continue
            hi = solve(j, -1)
            if hi_seen[j] - lo_seen[j] >= k - TOL:
                continue
            lo = solve(j, +1)
            intervals[u] = (lo, hi)

    t_total = time.perf_counter() - t0
    exact = [u for u in sensitive if u in determined]
    narrow = sorted((u for u, (lo, hi) in intervals.items() if hi - lo < k - TOL),
                    key=lambda u: (intervals[u][1] - intervals[u][0], u))
    exact_with_ineq = [u for u in narrow if intervals[u][1] - intervals[u][0] < TOL]
    mismatches = [u for u in unknowns_range(nu) if u in determined and determined[u] != system.values[unknowns[u]]]
    interval_violations = [u for u, (lo, hi) in intervals.items()
                           if not (lo - TOL <= system.values[unknowns[u]] <= hi + TOL)]

    def describe(u):
        lo, hi = intervals.get(u, (None, None))
        return {"cell": unknowns[u], "label": system.labels[unknowns[u]], "true": system.values[unknowns[u]],
                "exact_by_equalities": u in determined,
                "min": _num(lo), "max": _num(hi), "width": _num(None if lo is None else hi - lo)}

    return {
        "k": k,
        "relations": len(system.eqs) + len(system.ineqs),
        "equalities": len(system.eqs),
        "inequalities": len(system.ineqs),
        "relations_with_unknowns": len(eq_rows) + len(ineq_rows),
        "unknowns": nu,
        "equality_rank": rank,
        "components": len(comp_members),
        "components_with_sensitive": len(sens_by_comp),
        "largest_component": max((len(m) for m in comp_members.values()), default=0),
        "sensitive": len(sensitive),
        "determined_unknowns": len(determined),
        "exact": len(exact),
        "exact_with_inequalities": len(exact_with_ineq),
        "narrow": len(narrow),
        "narrowest_width": _num(intervals[narrow[0]][1] - intervals[narrow[0]][0]) if narrow else None,
        "lp_solves": n_lp,
        "recovered_mismatches": len(mismatches),
        "interval_violations": len(interval_violations),
        "seconds": round(t_total, 3),
        "seconds_exact": round(t_exact, 3),
        "leaks": [describe(u) for u in narrow],
        "examples": [describe(u) for u in _examples(narrow, exact, intervals)],
        "_sensitive_cells": [unknowns[u] for u in sensitive],
    }


def unknowns_range(n):
    return range(n)


def _num(x):
    if x is None:
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return round(x, 9) + 0.0


def _examples(narrow, exact, intervals, n=3):
    """A few of each: exact by equalities, exact once inequalities count, the narrowest intervals of width > 0."""
    exact_set = set(exact)
    by_ineq = [u for u in narrow if u not in exact_set and intervals[u][1] - intervals[u][0] < TOL]
    positive = [u for u in narrow if intervals[u][1] - intervals[u][0] >= TOL]
    return exact[:n] + by_ineq[:n] + positive[:n]


def exit_code(result) -> int:
    return 1 if result["narrow"] or result["exact"] else 0


def _label(label):
    if isinstance(label, dict) and "report" in label:
        key = ", ".join("all years" if v is None and n == "intake_year" else str(v) for n, v in label["key"].items())
        return f"{label['report']}({key}).{label['column']}"
    return str(label)


def print_summary(result, kinds=None, extra=None):
    print(f"k = {result['k']}")
    print(f"relations: {result['relations']} ({result['equalities']} equalities, {result['inequalities']} "
          f"inequalities; {result['relations_with_unknowns']} involve unknowns)")
    if kinds:
        for kind, n in sorted(kinds.items()):
            print(f"  {kind}: {n}")
    if extra:
        for line in extra:
            print(line)
    print(f"unknowns: {result['unknowns']} (equality rank {result['equality_rank']}; "
          f"{result['determined_unknowns']} determined by the equalities)")
    print(f"components: {result['components']} ({result['components_with_sensitive']} with sensitive cells; "
          f"largest {result['largest_component']} unknowns)")
    print(f"sensitive cells (unknown, true value 1..k-1): {result['sensitive']}")
    print(f"exactly recovered by equalities alone: {result['exact']}")
    print(f"exactly recovered once inequalities are added (LP width 0, including the above): "
          f"{result['exact_with_inequalities']}")
    print(f"intervals narrower than k: {result['narrow']}")
    print(f"narrowest interval width: {result['narrowest_width']}")
    print(f"LP solves: {result['lp_solves']}; recovered values differing from the truth: "
          f"{result['recovered_mismatches']}; intervals missing the truth: {result['interval_violations']}")
    print(f"time: {result['seconds']} s (exact part {result['seconds_exact']} s)")
    if result["examples"]:
        print("examples:")
        for e in result["examples"]:
            print(f"  {_label(e['label'])}: interval [{e['min']}, {e['max']}] width {e['width']}, true {e['true']}"
                  + (", determined by equalities" if e["exact_by_equalities"] else ""))


# ---------------------------------------------------------------------------------------------------------------
# Mode 2: an abstract system
# ---------------------------------------------------------------------------------------------------------------

def load_system(path) -> System:
    try:
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        s = System(int(spec["k"]))
        for i, c in enumerate(spec["cells"]):
            s.add_cell(int(c["value"]), bool(c["published"]), int(c.get("lower", 0)), label=f"cell {i}")
        n = len(s.values)
        for key, target in (("equalities", s.eqs), ("inequalities", s.ineqs)):
            for rel in spec.get(key, []):
                terms = [(int(i), c) for i, c in rel]
                if any(not 0 <= i < n for i, _ in terms):
                    raise DataError(f"{key}: cell index out of range in {rel}")
                target.append(_integer_terms(terms))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DataError(f"cannot read system {path}: {e}") from e
    for terms in s.eqs:
        if sum(c * s.values[i] for i, c in terms) != 0:
            raise DataError(f"equality {terms} does not hold on the cell values")
    for terms in s.ineqs:
        if sum(c * s.values[i] for i, c in terms) > 0:
            raise DataError(f"inequality {terms} does not hold on the cell values")
    for i, v in enumerate(s.values):
        if v < s.lower[i]:
            raise DataError(f"cell {i} is below its lower bound")
    s.eq_kinds = ["equality"] * len(s.eqs)
    s.ineq_kinds = ["inequality"] * len(s.ineqs)
    return s


# ---------------------------------------------------------------------------------------------------------------
# Mode 1: a crossenroll output directory
# ---------------------------------------------------------------------------------------------------------------

REPORTS = ["flows", "origin_summary", "host_summary", "pairing_progress", "outcomes"]
KEYS = {
    "flows": ["intake_year", "scheme", "origin_prefecture_code", "host_prefecture_code"],
    "origin_summary": ["level", "region_code", "intake_year"],
    "host_summary": ["level", "region_code", "county_code", "intake_year"],
    "pairing_progress": ["host_region_code", "origin_region_code", "intake_year"],
    "outcomes": ["intake_year", "origin_prefecture_code", "host_province_code"],
}
ALL_COUNTS = ["students", "female", "ethnic_minority", "registered_poor", "liang_hou_sheng", "enrolled", "graduated",
              "withdrawn", "transferred", "employed", "further_study", "employed_in_origin_province",
              "employed_in_host_province"]
SPLITS = ["female", "ethnic_minority", "registered_poor", "liang_hou_sheng"]
STATUSES = ["enrolled", "graduated", "withdrawn", "transferred"]
RATES = {  # report -> rate -> (numerator, denominator)
    "outcomes": {"graduation_rate": ("graduated", "students"), "employment_rate": ("employed", "graduated"),
                 "return_home_rate": ("employed_in_origin_province", "employed")},
    "pairing_progress": {"share_of_target": ("students", "target_students")},
}
# Relation kinds that the docs do not state outright: verified on the internal layer, left out (with a message)
# when they do not hold. Every other kind must hold exactly, else exit 2.
OPTIONAL_KINDS = {"ineq employed_in_origin<=employed", "ineq employed_in_host<=employed"}


def _read_report(directory):
    import pyarrow.parquet as pq
    files = sorted(glob.glob(os.path.join(directory, "*.parquet")))
    if not files:
        raise DataError(f"no Parquet file in {directory}")
    rows, meta = [], {}
    for f in files:
        t = pq.read_table(f)
        rows.extend(t.to_pylist())
        md = t.schema.metadata or {}
        meta.update({a.decode(): b.decode() for a, b in md.items()})
    return rows, meta


class Mode1Builder:
    def __init__(self, out_dir, run_date, k):
        self.k = k
        self.sys = System(k)
        self.cells: dict[tuple, int] = {}
        self.kind_counts = defaultdict(int)
        self.pending = []  # (kind, 'eq'|'le', terms)
        self.notes = []
        self.rows = {}       # report -> key -> internal row
        self.pub = {}        # report -> key -> published row
        self.counts = {}
        for r in REPORTS:
            internal_dir = os.path.join(out_dir, r, f"run_date={run_date}")
            published_dir = os.path.join(out_dir, "published", r, f"run_date={run_date}")
            irows, _ = _read_report(internal_dir)
            prows, meta = _read_report(published_dir)
            mcc = meta.get("crossenroll.min_cell_count")
            if mcc is not None and int(mcc) != k:
                self.notes.append(f"note: {r} was published with min_cell_count {mcc}, attacking with k = {k}")
            self.rows[r] = self._index(r, irows, "internal")
            self.pub[r] = self._index(r, prows, "published")
            if set(self.rows[r]) != set(self.pub[r]):
                raise DataError(f"{r}: the published rows are not the internal rows")
            cols = prows[0].keys() if prows else irows[0].keys() if irows else []
            self.counts[r] = [c for c in ALL_COUNTS if c in cols]

    @staticmethod
    def _index(report, rows, layer):
        out = {}
        for row in rows:
            key = tuple(row[c] for c in KEYS[report])
            if key in out:
                raise DataError(f"{layer} {report}: two rows with key {key}")
            out[key] = row
        return out

    def cell(self, report, key, col):
        ident = (report, key, col)
        if ident in self.cells:
            return self.cells[ident]
        label = {"report": report, "key": dict(zip(KEYS[report], key)), "column": col}
        if col.startswith("students-"):
            irow = self.rows[report][key]
            value = irow["students"] - irow[col[len("students-"):]]
            idx = self.sys.add_cell(value, False, 0, label)
        else:
            irow, prow = self.rows[report][key], self.pub[report][key]
            value = irow[col]
            withheld = prow.get(f"{col}_withheld")
            if value is None:
                raise DataError(f"internal {report} {key}: {col} is null")
            if withheld is None:
                raise DataError(f"published {report}: no column {col}_withheld")
            if withheld:
                if prow[col] is not None:
                    raise DataError(f"published {report} {key}: {col} withheld but not null")
            elif prow[col] != value:
                raise DataError(f"published {report} {key}: {col} = {prow[col]} but internal {value}")
            lower = 0
            if col == "students" and self._row_implies_students(report, key):
                lower = 1
            idx = self.sys.add_cell(value, not withheld, lower, label)
        self.cells[ident] = idx
        return idx

    @staticmethod
    def _row_implies_students(report, key):
        # every row exists only when it has students, except the cumulative pairing_progress rows
        return not (report == "pairing_progress" and key[2] is None)

    def rel(self, kind, terms, op="eq"):
        """terms: list of ((report, key, col), coeff) or (cell index, coeff)."""
        self.pending.append((kind, op, terms))

    def build(self):
        s = self.sys
        by_kind = defaultdict(list)
        for kind, op, terms in self.pending:
            by_kind[kind].append((op, terms))
        failures = []
        for kind, rels in by_kind.items():
            resolved = []
            bad = None
            for op, terms in rels:
                t = _integer_terms([(self.cell(*ref) if isinstance(ref, tuple) else ref, c) for ref, c in terms])
                total = sum(c * s.values[i] for i, c in t)
                if (op == "eq" and total != 0) or (op == "le" and total > 0):
                    bad = bad or (t, total)
                resolved.append((op, t))
            if bad is not None:
                t, total = bad
                desc = " + ".join(f"{c}*{_label(s.labels[i])}={s.values[i]}" for i, c in t[:6])
                msg = f"relation kind '{kind}' does not hold on the internal layer, e.g. {desc} ... (lhs {total})"
                if kind in OPTIONAL_KINDS:
                    self.notes.append("left out: " + msg)
                    continue
                failures.append(msg)
                continue
            for op, t in resolved:
                if op == "eq":
                    s.eqs.append(t); s.eq_kinds.append(kind)
                else:
                    s.ineqs.append(t); s.ineq_kinds.append(kind)
                self.kind_counts[kind] += 1
        if failures:
            raise DataError("; ".join(failures))
        # lower bounds: verify "a row exists only when students >= 1"
        for i, lo in enumerate(s.lower):
            if s.values[i] < lo:
                raise DataError(f"{s.labels[i]} = {s.values[i]} below its lower bound {lo} (a row with no students)")
        # every count cell becomes a variable (published ones are constants)
        for r in REPORTS:
            for key in self.rows[r]:
                for col in self.counts[r]:
                    self.cell(r, key, col)
        return s

    def _provinces(self, report, row):
        """What a reader knows of a row's students: all "across" provinces, all "within" one province, or "mixed".

        docs/published-layer.md: a flows row names both provinces; a summary row covers the flows rows of
        its prefecture (a county or school row: of the prefecture it lies in) or province and its year (all years:
        every year), and a flows row exists exactly when it has students.
        """
        if report == "flows":
            return "within" if row["origin_province_code"] == row["host_province_code"] else "across"
        if not hasattr(self, "_scopes"):
            self._scopes = defaultdict(set)
            for f in self.rows["flows"].values():
                kind = "within" if f["origin_province_code"] == f["host_province_code"] else "across"
                for side in ("origin", "host"):
                    for code in (f[side + "_province_code"], f[side + "_prefecture_code"]):
                        for year in (f["intake_year"], None):
                            self._scopes[(side, code, year)].add(kind)
        side = "origin" if report == "origin_summary" else "host"
        region = row["region_code"] if row["level"] in ("province", "prefecture") else row["prefecture_code"]
        kinds = self._scopes.get((side, region, row["intake_year"]), set())
        return next(iter(kinds)) if len(kinds) == 1 else "mixed"

    # -- the relations ---------------------------------------------------------------------------------------
    def write_relations(self):
        rows = self.rows
        # within a row
        for r in REPORTS:
            counts = self.counts[r]
            for key in rows[r]:
                if all(c in counts for c in STATUSES):
                    self.rel(f"{r}: students = enrolled+graduated+withdrawn+transferred",
                             [((r, key, "students"), 1)] + [((r, key, c), -1) for c in STATUSES])
                for sp in SPLITS:
                    if sp in counts:
                        self.rel("complement students - " + sp,
                                 [((r, key, "students"), 1), ((r, key, sp), -1), ((r, key, "students-" + sp), -1)])
                if r == "outcomes":
                    self.rel("ineq graduated+withdrawn<=students",
                             [((r, key, "graduated"), 1), ((r, key, "withdrawn"), 1), ((r, key, "students"), -1)],
                             "le")
                    self.rel("ineq employed<=graduated", [((r, key, "employed"), 1), ((r, key, "graduated"), -1)],
                             "le")
                    self.rel("ineq employed_in_origin<=employed",
                             [((r, key, "employed_in_origin_province"), 1), ((r, key, "employed"), -1)], "le")
                elif "further_study" in counts:
                    self.rel("ineq employed+further_study<=graduated",
                             [((r, key, "employed"), 1), ((r, key, "further_study"), 1), ((r, key, "graduated"), -1)],
                             "le")
                    provinces = self._provinces(r, rows[r][key])
                    if provinces == "across":
                        self.rel("ineq employed_in_origin+employed_in_host<=employed (every student across provinces)",
                                 [((r, key, "employed_in_origin_province"), 1),
                                  ((r, key, "employed_in_host_province"), 1), ((r, key, "employed"), -1)], "le")
                    elif provinces == "within":
                        self.rel("employed_in_origin = employed_in_host (every student within one province)",
                                 [((r, key, "employed_in_origin_province"), 1),
                                  ((r, key, "employed_in_host_province"), -1)])
                    self.rel("ineq employed_in_origin<=employed",
                             [((r, key, "employed_in_origin_province"), 1), ((r, key, "employed"), -1)], "le")
                    self.rel("ineq employed_in_host<=employed",
                             [((r, key, "employed_in_host_province"), 1), ((r, key, "employed"), -1)], "le")
        # all-years rows = sum of per-year rows (summaries, pairing_progress)
        for r in ("origin_summary", "host_summary", "pairing_progress"):
            groups = defaultdict(list)
            for key in rows[r]:
                groups[key[:-1]].append(key)
            for g, keys in groups.items():
                total = [kk for kk in keys if kk[-1] is None]
                years = [kk for kk in keys if kk[-1] is not None]
                if not total:
                    if r == "pairing_progress":
                        raise DataError(f"pairing_progress {g}: no cumulative row")
                    continue
                for col in self.counts[r]:
                    self.rel(f"{r}: all-years = sum of years",
                             [((r, total[0], col), 1)] + [((r, kk, col), -1) for kk in years])
        # hierarchy sums
        for r, levels in (("origin_summary", [("province", "province_code", "prefecture"),
                                              ("prefecture", "prefecture_code", "county")]),
                          ("host_summary", [("province", "province_code", "prefecture"),
                                            ("prefecture", "prefecture_code", "county"),
                                            ("county", "county_code", "school")])):
            children = defaultdict(list)
            for key, row in rows[r].items():
                for parent_level, code_col, child_level in levels:
                    if row["level"] == child_level:
                        children[(parent_level, row[code_col], row["intake_year"])].append(key)
            for key, row in rows[r].items():
                pk = (row["level"], row["region_code"], row["intake_year"])
                if any(row["level"] == pl for pl, _, _ in levels):
                    kids = children.get(pk, [])
                    child_level = next(cl for pl, _, cl in levels if pl == row["level"])
                    child_level = {"county": "counties", "prefecture": "prefectures", "school": "schools"}[child_level]
                    for col in self.counts[r]:
                        self.rel(f"{r}: {row['level']} = sum of its {child_level}",
                                 [((r, key, col), 1)] + [((r, kk, col), -1) for kk in kids])
        # across reports through flows
        fl = rows["flows"]
        by_origin_pref = defaultdict(list)
        by_host_pref = defaultdict(list)
        by_outcome = defaultdict(list)
        for key, row in fl.items():
            y = row["intake_year"]
            by_origin_pref[(row["origin_prefecture_code"], y)].append(key)
            by_host_pref[(row["host_prefecture_code"], y)].append(key)
            by_outcome[(y, row["origin_prefecture_code"], row["host_province_code"])].append(key)
        for (r, index) in (("origin_summary", by_origin_pref), ("host_summary", by_host_pref)):
            seen = set()
            for key, row in rows[r].items():
                if row["level"] == "prefecture" and row["intake_year"] is not None:
                    g = (row["region_code"], row["intake_year"])
                    seen.add(g)
                    for col in self.counts[r]:
                        self.rel(f"{r}: prefecture-year = sum of flows",
                                 [((r, key, col), 1)] + [(("flows", kk, col), -1) for kk in index.get(g, [])])
            missing = set(index) - seen
            if missing:
                raise DataError(f"flows rows with no {r} prefecture-year row: {sorted(missing)[:3]}")
        pooled = defaultdict(list)
        for key, row in rows["outcomes"].items():
            if key[0] is None:
                continue  # a pooled row: the sum of its complete cohorts, below
            if row.get("first_cohort") is not None:  # absent from layers written before schema version 3
                pooled[(None,) + tuple(key[1:])].append(key)
            kids = by_outcome.get(key, [])
            for col in self.counts["outcomes"]:
                self.rel("outcomes = sum of flows",
                         [(("outcomes", key, col), 1)] + [(("flows", kk, col), -1) for kk in kids])
        for key in rows["outcomes"]:
            if key[0] is None:
                if not pooled.get(key):
                    raise DataError(f"outcomes pooled row {key} has no complete cohort")
                for col in self.counts["outcomes"]:
                    self.rel("outcomes: pooled = sum of its complete cohorts",
                             [(("outcomes", key, col), 1)] + [(("outcomes", kk, col), -1) for kk in pooled[key]])
        if set(by_outcome) - set(rows["outcomes"]):
            raise DataError("flows rows with no outcomes row")
        pp = rows["pairing_progress"]
        for key, row in pp.items():
            if row["intake_year"] is None:
                continue
            hcol = {"province": "host_province_code", "prefecture": "host_prefecture_code"}[row["host_region_level"]]
            ocol = {"province": "origin_province_code",
                    "prefecture": "origin_prefecture_code"}[row["origin_region_level"]]
            kids = [kk for kk, f in fl.items() if f["intake_year"] == row["intake_year"]
                    and f[hcol] == row["host_region_code"] and f[ocol] == row["origin_region_code"]]
            for col in self.counts["pairing_progress"]:
                self.rel("pairing_progress year = sum of flows",
                         [(("pairing_progress", key, col), 1)] + [(("flows", kk, col), -1) for kk in kids])
        # a pairing with flows in a year but no row for that year would say 0 students: check it is never so
        for key, row in pp.items():
            if row["intake_year"] is not None:
                continue
            hcol = {"province": "host_province_code", "prefecture": "host_prefecture_code"}[row["host_region_level"]]
            ocol = {"province": "origin_province_code",
                    "prefecture": "origin_prefecture_code"}[row["origin_region_level"]]
            for kk, f in fl.items():
                if f[hcol] == row["host_region_code"] and f[ocol] == row["origin_region_code"] \
                        and (key[0], key[1], f["intake_year"]) not in pp:
                    raise DataError(f"pairing_progress {key[:2]}: flows in {f['intake_year']} but no row that year")
        # rates: a published rate whose operand is withheld ties them; a null rate not withheld says denominator = 0
        for r, rates in RATES.items():
            for key, prow in self.pub[r].items():
                for rate, (num, den) in rates.items():
                    flag = prow.get(f"{rate}_withheld")
                    val = prow.get(rate)
                    if flag:
                        continue
                    num_ref = (r, key, num)
                    den_ref = (r, key, den) if den in self.counts[r] else None
                    if den_ref is None:  # a published non-count denominator (target_students): a constant
                        tval = prow[den]
                        if val is None or tval is None:
                            continue
                        if not prow.get(f"{num}_withheld"):
                            continue
                        frac = Fraction(val).limit_denominator(10 ** 7)
                        cidx = self.sys.add_cell(0, True, 0, {"report": r, "key": key, "column": den})
                        self.sys.values[cidx] = int(tval)
                        self.rel(f"rate {rate} with a withheld operand", [(num_ref, frac.denominator),
                                                                          (cidx, -frac.numerator)])
                        continue
                    num_w, den_w = prow.get(f"{num}_withheld"), prow.get(f"{den}_withheld")
                    if val is None:
                        if den_w:
                            self.rel(f"null rate {rate}: denominator 0", [(den_ref, 1)])
                        continue
                    if not (num_w or den_w):
                        continue
                    frac = Fraction(val).limit_denominator(10 ** 7)
                    self.rel(f"rate {rate} with a withheld operand",
                             [(num_ref, frac.denominator), (den_ref, -frac.numerator)])


def run_mode1(args):
    b = Mode1Builder(args.output, args.run_date, args.k)
    b.write_relations()
    s = b.build()
    result = attack(s)
    withheld_sensitive = sum(1 for i in result["_sensitive_cells"] if not s.labels[i]["column"].startswith("students-"))
    leak_withheld = [e for e in result["leaks"] if not e["label"]["column"].startswith("students-")]
    extra = b.notes + [
        f"withheld count cells: {sum(1 for i, p in enumerate(s.published) if not p and not s.labels[i]['column'].startswith('students-'))}"
        f"; complement cells: {sum(1 for i in range(len(s.values)) if s.labels[i]['column'].startswith('students-'))}",
        f"sensitive withheld counts: {withheld_sensitive}, of them narrower than k: {len(leak_withheld)} "
        f"(exact by equalities {sum(1 for e in leak_withheld if e['exact_by_equalities'])}, "
        f"exact once inequalities count {sum(1 for e in leak_withheld if e['width'] is not None and e['width'] < TOL)})",
    ]
    # complements whose two operands are both published: a plain difference within one published row
    plain = [e for e in result["leaks"] if e["label"]["column"].startswith("students-")
             and not b.pub[e["label"]["report"]][tuple(e["label"]["key"].values())]["students_withheld"]
             and not b.pub[e["label"]["report"]][tuple(e["label"]["key"].values())][
                 e["label"]["column"][len("students-"):] + "_withheld"]]
    extra.append(f"complements 1..k-1 shown by a published row (students and the split both published): {len(plain)}")
    result["complements_in_published_rows"] = len(plain)
    result["exact_withheld_counts"] = sum(1 for e in leak_withheld if e["exact_by_equalities"])
    result["exact_with_inequalities_withheld_counts"] = sum(1 for e in leak_withheld if e["width"] < TOL)
    result["kinds"] = dict(b.kind_counts)
    result["sensitive_withheld_counts"] = withheld_sensitive
    result["narrow_withheld_counts"] = len(leak_withheld)
    result["notes"] = b.notes
    return result, b.kind_counts, extra


def run_batch(path):
    """Mode 3: every entry of the batch file as mode 1, the worst exit code."""
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    worst = 0
    for e in entries:
        print(f"== {e['output']} k={e['k']}", flush=True)
        argv = ["--output", e["output"], "--run-date", e["run_date"], "--k", str(e["k"]), "--json", e["json"]]
        code = main(argv)
        print(f"== exit {code}", flush=True)
        worst = max(worst, code)
    return worst


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--output", help="a crossenroll output directory (mode 1)")
    p.add_argument("--run-date", help="the run date YYYY-MM-DD (mode 1)")
    p.add_argument("--k", type=int, help="the threshold: counts 1..k-1 are sensitive (mode 1)")
    p.add_argument("--system", help="an abstract linear system as JSON (mode 2)")
    p.add_argument("--json", help="write the results as JSON here")
    p.add_argument("--batch", help="a JSON list of mode-1 attacks to run one after the other (mode 3)")
    try:
        args = p.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if args.batch:
        return run_batch(args.batch)
    try:
        if args.system and not args.output:
            system = load_system(args.system)
            result = attack(system)
            kinds, extra = None, None
        elif args.output and args.run_date and args.k and not args.system:
            if args.k < 1:
                raise DataError("--k must be at least 1")
            result, kinds, extra = run_mode1(args)
        else:
            p.print_usage(sys.stderr)
            print("give either --system FILE or --output DIR --run-date D --k K", file=sys.stderr)
            return 2
    except DataError as e:
        print(f"disclosure_attack: {e}", file=sys.stderr)
        return 2
    print_summary(result, kinds, extra)
    if args.json:
        out = {k: v for k, v in result.items() if not k.startswith("_")}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1, default=str)
    code = exit_code(result)
    print("LEAK: withheld values can be recovered or narrowed below k" if code else "no leak found")
    return code


if __name__ == "__main__":
    sys.exit(main())
