package org.crossenroll.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.crossenroll.disclosure.LinkedCells.Form;
import org.crossenroll.disclosure.Units.Unit;
import org.crossenroll.report.Counts;
import org.crossenroll.report.ReportSpec;

/**
 * Chooses the cells to withhold so that no count of 1..k-1 (a published count or a complement such as the students
 * who are not registered poor) can be narrowed by a reader to a range less than k wide, whatever linear relations,
 * bounds and inequalities between the published tables the reader uses.
 *
 * <p>The method: a withheld count is protected when there are two sets of tables, both agreeing with everything
 * published, in which it differs by at least k; then a reader's range for it, by linear programming over all the
 * relations at once or otherwise, is at least that wide. Such sets of tables ({@link Point}s) are made by
 * <em>moving</em> students between {@link Units} (to another host school of the same county, another scheme, another
 * origin county, another intake year, the nearest first): every report is a sum of units, so every sum, every
 * within-row identity and every inequality still holds, and only the rows that contain one unit and not the other
 * change. Withholding those changed cells makes the move invisible to a reader. To lower a count it moves students
 * out of its row, to raise it moves them in from as many places as needed, each step taking the move that withholds
 * the fewest persons (a cost per newly withheld cell of its value plus one, as tau-argus weighs cells), until the
 * two points are k apart. Withholding more cells never invalidates an earlier point, so one pass over the counts
 * suffices, and a point made for one count proves the range of every other count it changes. The points go to
 * {@link DisclosureAudit}, which checks them against the published tables on its own.
 *
 * <p>Anchors: protection by feasible perturbations of the table is the idea of Fischetti and Salazar's optimal cell
 * suppression (1999, 2001) and of tau-argus's hypercube method; here the perturbations come from the microdata's own
 * grain, so no linear program is needed to find them.
 */
final class Protection {
    private static final int COLUMNS = LinkedCells.COLUMNS;
    private static final int STUDENTS = LinkedCells.STUDENTS;
    private static final int[] STATUS =
            ReportSpec.STATUSES.stream().mapToInt(Counts.NAMES::indexOf).toArray();
    private static final int GRADUATED = Counts.NAMES.indexOf("graduated");
    private static final int EMPLOYED = Counts.NAMES.indexOf("employed");
    private static final int FURTHER_STUDY = Counts.NAMES.indexOf("further_study");
    private static final int IN_ORIGIN = Counts.NAMES.indexOf("employed_in_origin_province");
    private static final int IN_HOST = Counts.NAMES.indexOf("employed_in_host_province");
    private static final List<Integer> NEEDS_EMPLOYED = List.of(IN_ORIGIN, IN_HOST);
    private static final int[] SPLIT =
            ReportSpec.SPLITS.stream().mapToInt(Counts.NAMES::indexOf).toArray();
    private static final int UNITS_TRIED = 6;
    /** Places tried per kind and distance: enough for the cheapest exchange, bounded for national reports. */
    private static final int PLACES_TRIED = 20;

    private static final int STEPS = 40;
    /**
     * Withholding a row's students also withholds its distinct counts and rates, and students is the figure a
     * dashboard shows first: it costs this many times its persons.
     */
    private static final int STUDENTS_WEIGHT = 10;

    /** A set of tables consistent with everything a reader knows: each cell {@code cells[i]} is value + delta[i]. */
    record Point(int[] cells, long[] delta) {}

    /** A count to protect: a combination of one row's counts (one count, or a complement), of value 1..k-1. */
    record Target(int row, int[] columns, int[] coefficients, String name) {
        long value(long[] values) {
            long v = 0;
            for (int i = 0; i < columns.length; i++) {
                v += coefficients[i] * values[row * COLUMNS + columns[i]];
            }
            return v;
        }
    }

    /** What was withheld, why it is safe, and what could not be protected (empty unless the tables leave no room). */
    record Result(boolean[] withheld, List<Target> targets, List<Point> points, List<Target> unprotected) {}

    private final LinkedCells cells;
    private final Units units;
    private final long k;
    private final boolean[] withheld;
    private final long[] lowest;
    private final long[] highest;
    private final List<Target> targets;
    private final List<List<Integer>> targetsOfRow;
    /** Per unit and tier 0..2, the rows of each alternative unit that has them all shown; found once per unit. */
    private final int[][][][] nearby;

    private Protection(LinkedCells cells, Units units, long k) {
        this.cells = cells;
        this.units = units;
        this.k = k;
        this.withheld = new boolean[cells.value.length];
        this.targets = targets(cells, k);
        this.lowest = new long[targets.size()];
        this.highest = new long[targets.size()];
        this.nearby = new int[units.units.size()][][][];
        this.targetsOfRow = new ArrayList<>(cells.rows());
        for (int g = 0; g < cells.rows(); g++) {
            targetsOfRow.add(new ArrayList<>(1));
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            lowest[i] = highest[i] = t.value(cells.value);
            targetsOfRow.get(t.row()).add(i);
        }
    }

    /** The counts to protect: every count of 1..k-1 and every sensitive {@link Form} (a complement) of 1..k-1. */
    static List<Target> targets(LinkedCells cells, long k) {
        List<Target> targets = new ArrayList<>();
        for (int g = 0; g < cells.rows(); g++) {
            for (int c = 0; c < COLUMNS; c++) {
                long v = cells.value[g * COLUMNS + c];
                if (cells.exists[g * COLUMNS + c] && v >= 1 && v < k) {
                    targets.add(new Target(g, new int[] {c}, new int[] {1}, Counts.NAMES.get(c)));
                }
            }
            for (Form form : cells.formsOfRow[g]) {
                long v = form.value(cells.value, g);
                if (form.sensitive() && v >= 1 && v < k) {
                    targets.add(new Target(g, form.columns(), form.coefficients(), form.name()));
                }
            }
        }
        return targets;
    }

    static Result protect(LinkedCells cells, Units units, long k) {
        return new Protection(cells, units, k).run();
    }

    private Result run() {
        for (Target t : targets) {
            if (t.columns().length == 1) {
                withheld[t.row() * COLUMNS + t.columns()[0]] = true; // primary
            }
        }
        List<Point> points = new ArrayList<>();
        List<Target> unprotected = new ArrayList<>();
        Draft low = new Draft();
        Draft high = new Draft().with(low);
        for (int i = 0; i < targets.size(); i++) {
            if (highest[i] - lowest[i] >= k) {
                continue;
            }
            Target target = targets.get(i);
            long v = target.value(cells.value);
            long floor = target.columns().length == 1 ? cells.lower(target.row() * COLUMNS + target.columns()[0]) : 0;
            // lower it as far as it goes (unless already shown), then raise it until the two are k apart
            low.clear();
            high.clear();
            long lowered = lowest[i] <= floor ? 0 : low.move(i, -1, v - floor);
            long low0 = Math.min(lowest[i], v - lowered);
            long raised = highest[i] >= low0 + k ? 0 : high.move(i, +1, low0 + k - v);
            if (Math.max(highest[i], v + raised) - low0 < k) {
                unprotected.add(target);
                continue;
            }
            for (Draft d : List.of(low, high)) {
                if (!d.isEmpty()) {
                    Point p = d.point();
                    for (int cell : p.cells()) {
                        withheld[cell] = true;
                    }
                    points.add(p);
                    prove(p);
                }
            }
        }
        return new Result(withheld, targets, points, unprotected);
    }

    /** Widens the proven range of every target the point changes. */
    private void prove(Point p) {
        int[] changed = p.cells(); // sorted, so each row's cells are together
        for (int j = 0; j < changed.length; j++) {
            int g = changed[j] / COLUMNS;
            if (j > 0 && changed[j - 1] / COLUMNS == g) {
                continue;
            }
            for (int i : targetsOfRow.get(g)) {
                Target t = targets.get(i);
                long v = t.value(cells.value);
                for (int c = 0; c < t.columns().length; c++) {
                    int at = Arrays.binarySearch(changed, g * COLUMNS + t.columns()[c]);
                    v += t.coefficients()[c] * (at >= 0 ? p.delta()[at] : 0L);
                }
                highest[i] = Math.max(highest[i], v);
                lowest[i] = Math.min(lowest[i], v);
            }
        }
    }

    /** A point being built: the changes so far, on top of the internal values. */
    private final class Draft {
        /** The changes, dense for speed (reused across targets: {@link #clear} resets what this draft touched). */
        final long[] delta;

        final boolean[] touched;
        /** The cells touched, in the order first touched; {@code touchedCount} of them. */
        int[] cellsTouched = new int[64];

        int touchedCount;
        /** Cells another draft of the same target will withhold anyway: free to change here. */
        private Draft sibling;

        Draft() {
            delta = new long[cells.value.length];
            touched = new boolean[cells.value.length];
        }

        Draft with(Draft other) {
            sibling = other;
            return this;
        }

        void clear() {
            for (int j = 0; j < touchedCount; j++) {
                delta[cellsTouched[j]] = 0;
                touched[cellsTouched[j]] = false;
            }
            touchedCount = 0;
        }

        boolean isEmpty() {
            for (int j = 0; j < touchedCount; j++) {
                if (delta[cellsTouched[j]] != 0) {
                    return false;
                }
            }
            return true;
        }

        private void touch(int cell) {
            if (!touched[cell]) {
                touched[cell] = true;
                if (touchedCount == cellsTouched.length) {
                    cellsTouched = Arrays.copyOf(cellsTouched, 2 * touchedCount);
                }
                cellsTouched[touchedCount++] = cell;
            }
        }

        long value(int cell) {
            return cells.value[cell] + delta[cell];
        }

        long form(Form f, int g) {
            long v = 0;
            for (int j = 0; j < f.columns().length; j++) {
                v += f.coefficients()[j] * value(g * COLUMNS + f.columns()[j]);
            }
            return v;
        }

        boolean free(int cell) {
            return withheld[cell] || touched[cell] || (sibling != null && sibling.touched[cell]);
        }

        Point point() {
            int n = 0;
            int[] cs = new int[touchedCount];
            for (int j = 0; j < touchedCount; j++) {
                if (delta[cellsTouched[j]] != 0) {
                    cs[n++] = cellsTouched[j];
                }
            }
            cs = Arrays.copyOf(cs, n);
            Arrays.sort(cs);
            long[] ds = new long[n];
            for (int j = 0; j < n; j++) {
                ds[j] = delta[cs[j]];
            }
            return new Point(cs, ds);
        }

        /**
         * Moves students into (direction +1) or out of (-1) target i's row, step by step, each step the cheapest move
         * of the nearest tier that has one, until the target changed by {@code goal}; returns how much it changed.
         */
        long move(int i, int direction, long goal) {
            Target target = targets.get(i);
            List<Integer> inRow = units.unitsOfRow.get(target.row());
            // the candidate changes, found once: exchanges with a unit nearby, then changes in place (which reach every
            // row up to the province, so they are tried only when no exchange is left)
            List<List<Candidate>> tiers = List.of(new ArrayList<>(), new ArrayList<>());
            for (int u = 0; u < inRow.size() && u < UNITS_TRIED; u++) {
                int a = inRow.get(u);
                int[] rowsA = units.coverage(a);
                for (int tier = 0; tier < 4; tier++) {
                    for (int[] rowsB : tier < 3 ? nearby(a, tier) : new int[][] {new int[0]}) {
                        int[] from = direction < 0 ? minus(rowsA, rowsB) : minus(rowsB, rowsA);
                        int[] to = direction < 0 ? minus(rowsB, rowsA) : minus(rowsA, rowsB);
                        for (int[] profile : profiles(target, from, to)) {
                            tiers.get(tier < 3 ? 0 : 1).add(new Candidate(from, to, profile));
                        }
                    }
                }
            }
            long done = 0;
            for (int step = 0; step < STEPS && done < goal; step++) {
                Move best = null;
                for (List<Candidate> tier : tiers) {
                    int kept =
                            0; // the candidates left, in order, compacted in place (removing one by one is quadratic)
                    for (int j = 0; j < tier.size(); j++) {
                        Candidate c = tier.get(j);
                        Move m = evaluate(target, direction, c, goal - done);
                        if (m == null) {
                            continue; // exhausted: moves only use up room
                        }
                        tier.set(kept++, c);
                        if (best == null || m.better(best)) {
                            best = m;
                        }
                    }
                    tier.subList(kept, tier.size()).clear();
                    if (best != null) {
                        break;
                    }
                }
                if (best == null) {
                    break;
                }
                long t = Math.min(best.amount(), (goal - done + best.change().perStep - 1) / best.change().perStep);
                apply(best.change(), t);
                done += t * best.change().perStep;
            }
            if (done < goal) {
                // the exchanges ran out (or took too many steps): change the rest in place
                Move best = null;
                for (Candidate c : tiers.get(1)) {
                    Move m = evaluate(target, direction, c, goal - done);
                    if (m != null && (best == null || m.better(best))) {
                        best = m;
                    }
                }
                if (best != null) {
                    long t = Math.min(best.amount(), (goal - done + best.change().perStep - 1) / best.change().perStep);
                    apply(best.change(), t);
                    done += t * best.change().perStep;
                }
            }
            return done;
        }

        /** Moves t students of the candidate's profile: its cells change by t times their change per student. */
        private void apply(Change m, long t) {
            for (int j = 0; j < m.cells.length; j++) {
                delta[m.cells[j]] += t * m.perStudent[j];
                touch(m.cells[j]);
            }
        }

        /**
         * Students of the candidate's profile moved: how many can move now (every cell and inequality of the rows they
         * leave stays within its bounds) and what it costs, given what this draft changed and withheld so far.
         */
        private Move evaluate(Target target, int direction, Candidate candidate, long wanted) {
            if (!candidate.prepared) {
                // found on first use: most candidates of the in-place tier are never tried
                int[] profile =
                        candidate.profile != null ? candidate.profile : profile(target, candidate.from, candidate.to);
                candidate.change = change(target, direction, candidate.from, candidate.to, profile);
                candidate.prepared = true;
            }
            Change m = candidate.change;
            if (m == null) {
                return null;
            }
            long amount = Long.MAX_VALUE;
            double cost = 0;
            for (int j = 0; j < m.cells.length; j++) {
                int cell = m.cells[j];
                if (m.perStudent[j] < 0) {
                    amount = Math.min(amount, (value(cell) - m.lower[j]) / -m.perStudent[j]);
                    if (amount <= 0) {
                        return null;
                    }
                }
                if (!free(cell)) {
                    cost += m.cost[j];
                }
            }
            for (int j = 0; j < m.forms.length; j++) {
                amount = Math.min(amount, form(m.forms[j], m.formRows[j]) / m.formDrops[j]);
                if (amount <= 0) {
                    return null;
                }
            }
            if (amount <= 0) {
                return null;
            }
            return new Move(m, amount, cost, Math.min(amount * m.perStep, wanted));
        }
    }

    /**
     * Students of one profile moved from the rows of from to those of to, for one target and direction; or null if
     * that never moves the target that way. What does not change while a target is moved is found here once: how
     * much the target changes per student, the cells changed (with their bound and the cost of withholding them) and
     * the inequalities lowered.
     */
    private Change change(Target target, int direction, int[] from, int[] to, int[] profile) {
        if (from.length + to.length == 0) {
            return null;
        }
        int where =
                Arrays.binarySearch(from, target.row()) >= 0 ? -1 : Arrays.binarySearch(to, target.row()) >= 0 ? 1 : 0;
        int change = 0;
        for (int j = 0; j < target.columns().length; j++) {
            change += where * target.coefficients()[j] * profile[target.columns()[j]];
        }
        if (change * direction <= 0) {
            return null;
        }
        if (profile[IN_ORIGIN] != profile[IN_HOST] && (withinOneProvince(from) || withinOneProvince(to))) {
            return null; // there a student employed in the home province is employed in the host province too
        }
        int nonZero = 0;
        int[] moved = new int[COLUMNS]; // the profile's nonzero columns, in order: most of a profile is zero
        for (int c = 0; c < COLUMNS; c++) {
            if (profile[c] != 0) {
                moved[nonZero++] = c;
            }
        }
        int rows = from.length + to.length;
        int[] cs = new int[rows * nonZero];
        int[] per = new int[cs.length];
        long[] lower = new long[cs.length];
        long[] cost = new long[cs.length];
        int n = 0;
        List<Form> forms = new ArrayList<>();
        List<Integer> formRows = new ArrayList<>();
        List<Integer> formDrops = new ArrayList<>();
        for (int[] side : new int[][] {from, to}) {
            int sign = side == from ? -1 : 1;
            for (int g : side) {
                for (int m = 0; m < nonZero; m++) {
                    int c = moved[m];
                    int cell = g * COLUMNS + c;
                    if (cells.exists[cell]) {
                        cs[n] = cell;
                        per[n] = sign * profile[c];
                        lower[n] = cells.lower(cell);
                        cost[n] = (cells.value[cell] + 1) * (c == STUDENTS ? STUDENTS_WEIGHT : 1);
                        n++;
                    }
                }
                for (Form f : cells.formsOfRow[g]) {
                    int d = 0;
                    for (int j = 0; j < f.columns().length; j++) {
                        if (cells.exists[g * COLUMNS + f.columns()[j]]) {
                            d += sign * f.coefficients()[j] * profile[f.columns()[j]];
                        }
                    }
                    if (d < 0) {
                        forms.add(f);
                        formRows.add(g);
                        formDrops.add(-d);
                    }
                }
            }
        }
        return new Change(
                Math.abs(change),
                Arrays.copyOf(cs, n),
                Arrays.copyOf(per, n),
                Arrays.copyOf(lower, n),
                Arrays.copyOf(cost, n),
                forms.toArray(new Form[0]),
                formRows.stream().mapToInt(Integer::intValue).toArray(),
                formDrops.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether one of the rows is one whose students all study in their home province. */
    private boolean withinOneProvince(int[] rows) {
        for (int g : rows) {
            if (cells.provinces[g] == LinkedCells.Provinces.SAME) {
                return true;
            }
        }
        return false;
    }

    /** A change to try: students of a profile taken out of the rows of from and put into those of to. */
    private static final class Candidate {
        final int[] from;
        final int[] to;
        /** Null for a whole student moved ({@link #profile(Target, int[], int[])}), found when first tried. */
        final int[] profile;
        /** What it does to the cells (null if it never moves the target the way wanted), once prepared. */
        Change change;

        boolean prepared;

        Candidate(int[] from, int[] to, int[] profile) {
            this.from = from;
            this.to = to;
            this.profile = profile;
        }
    }

    /**
     * A candidate for one target, as what it does to the cells: the target changes by {@code perStep} per student; cell {@code cells[j]} by
     * {@code perStudent[j]} (a lower bound {@code lower[j]}; {@code cost[j]} to withhold it); inequality
     * {@code forms[j]} of row {@code formRows[j]} drops by {@code formDrops[j]}. Only the nonzero changes are kept: the
     * loops over them are the protection's hot path.
     */
    @SuppressWarnings("ArrayRecordComponent")
    private record Change(
            int perStep,
            int[] cells,
            int[] perStudent,
            long[] lower,
            long[] cost,
            Form[] forms,
            int[] formRows,
            int[] formDrops) {}

    /** A candidate step: {@code amount} students of the change's profile can move now. */
    private record Move(Change change, long amount, double cost, long gain) {
        boolean better(Move other) {
            // the cheapest per unit of the target gained, then the one that gains the most
            double mine = cost / gain;
            double theirs = other.cost / other.gain;
            return mine < theirs || (mine == theirs && gain > other.gain);
        }
    }

    /**
     * The rows of each unit one step away from unit a in the tier (see {@link #alternatives}) whose rows are all
     * shown, in the order of the alternatives. Cached: the units of a row are tried for each of its targets.
     */
    private int[][] nearby(int a, int tier) {
        if (nearby[a] == null) {
            nearby[a] = new int[3][][];
        }
        if (nearby[a][tier] == null) {
            List<int[]> rows = new ArrayList<>();
            for (Unit b : alternatives(units.units.get(a), tier)) {
                int[] rowsB = units.coverage(b);
                if (rowsB != null) {
                    rows.add(rowsB);
                }
            }
            nearby[a][tier] = rows.toArray(new int[0][]);
        }
        return nearby[a][tier];
    }

    /** The units one step away from a: the nearest tier first. */
    private List<Unit> alternatives(Unit a, int tier) {
        List<Unit> result = new ArrayList<>();
        switch (tier) {
            case 0 -> {
                units.schemes.forEach(s -> {
                    if (!Objects.equals(s, a.scheme())) {
                        result.add(a.withScheme(s));
                    }
                });
                units.years.forEach(y -> {
                    if (!y.equals(a.year())) {
                        result.add(a.withYear(y));
                    }
                });
                units.near(true, a.host(), 3, PLACES_TRIED).forEach(h -> result.add(a.withHost(h)));
                units.near(false, a.origin(), 2, PLACES_TRIED).forEach(o -> result.add(a.withOrigin(o)));
            }
            case 1 -> {
                units.near(true, a.host(), 2, PLACES_TRIED).forEach(h -> result.add(a.withHost(h)));
                units.near(false, a.origin(), 1, PLACES_TRIED).forEach(o -> result.add(a.withOrigin(o)));
            }
            default -> {
                units.near(true, a.host(), 1, PLACES_TRIED).forEach(h -> result.add(a.withHost(h)));
                units.near(true, a.host(), 0, PLACES_TRIED).forEach(h -> result.add(a.withHost(h)));
                units.near(false, a.origin(), 0, PLACES_TRIED).forEach(o -> result.add(a.withOrigin(o)));
            }
        }
        return result;
    }

    /**
     * The changes to try for one unit of the target: first an attribute of students who stay where they are (a
     * split, a status, an employment), which changes no students count, then a whole student moved.
     */
    private List<int[]> profiles(Target target, int[] from, int[] to) {
        List<int[]> options = new ArrayList<>();
        if (target.columns().length > 1) {
            for (int j = 0; j < target.columns().length; j++) {
                if (target.coefficients()[j] < 0) {
                    options.add(unit(target.columns()[j], -1, -1, 0));
                }
            }
        } else {
            int c = target.columns()[0];
            if (isStatus(c)) {
                for (int other : STATUS) {
                    if (other != c) {
                        options.add(unit(c, 1, other, -1));
                    }
                }
            } else if (NEEDS_EMPLOYED.contains(c)) {
                options.add(unit(c, 1, -1, 0));
                // for rows within one province, where the two are one count
                options.add(unit(IN_ORIGIN, 1, IN_HOST, 1));
            } else if (c != STUDENTS) {
                options.add(unit(c, 1, -1, 0));
            }
        }
        options.add(null); // a whole student moved: its profile is found when first tried (see Candidate)
        return options;
    }

    private static int[] unit(int c, int v, int other, int w) {
        int[] p = new int[COLUMNS];
        p[c] = v;
        if (other >= 0) {
            p[other] = w;
        }
        return p;
    }

    /**
     * The counts one moved student carries: students, one status, and the splits and employment the target needs (a
     * complement needs its split absent); the status is the one the changed rows have most of, and a split the
     * target does not need is taken present only where the rows have fewer than k students without it.
     */
    private int[] profile(Target target, int[] from, int[] to) {
        int[] p = new int[COLUMNS];
        boolean[] fixed = new boolean[COLUMNS];
        p[STUDENTS] = 1;
        if (target.columns().length > 1) {
            for (int j = 0; j < target.columns().length; j++) {
                if (target.coefficients()[j] < 0) {
                    fixed[target.columns()[j]] = true; // the split is absent
                }
            }
        } else {
            int c = target.columns()[0];
            p[c] = 1;
            fixed[c] = true;
            if (NEEDS_EMPLOYED.contains(c)) {
                p[EMPLOYED] = 1;
                if (withinOneProvince(from) || withinOneProvince(to)) {
                    p[IN_ORIGIN] = p[IN_HOST] = 1;
                }
            }
            if (c == EMPLOYED || NEEDS_EMPLOYED.contains(c) || c == FURTHER_STUDY) {
                p[GRADUATED] = 1;
            }
        }
        boolean hasStatus = false;
        for (int s : STATUS) {
            hasStatus |= p[s] == 1;
        }
        if (!hasStatus) {
            int status = STATUS[0];
            long bestRoom = -1;
            for (int s : STATUS) {
                long room = least(s, from, to);
                if (room > bestRoom) {
                    bestRoom = room;
                    status = s;
                }
            }
            p[status] = 1;
        }
        for (int x : SPLIT) {
            if (fixed[x]) {
                continue;
            }
            long without = Long.MAX_VALUE;
            for (int[] side : new int[][] {from, to}) {
                for (int g : side) {
                    if (cells.exists[g * COLUMNS + x]) {
                        without = Math.min(without, cells.value[g * COLUMNS + STUDENTS] - cells.value[g * COLUMNS + x]);
                    }
                }
            }
            p[x] = without < k && least(x, from, to) > without ? 1 : 0;
        }
        return p;
    }

    /** The least internal value of count c over the changed rows that have it. */
    private long least(int c, int[] from, int[] to) {
        long least = Long.MAX_VALUE;
        for (int[] side : new int[][] {from, to}) {
            for (int g : side) {
                if (cells.exists[g * COLUMNS + c]) {
                    least = Math.min(least, cells.value[g * COLUMNS + c]);
                }
            }
        }
        return least;
    }

    private static boolean isStatus(int c) {
        for (int s : STATUS) {
            if (s == c) {
                return true;
            }
        }
        return false;
    }

    /** The elements of sorted a not in sorted b, in order. */
    private static int[] minus(int[] a, int[] b) {
        int[] result = new int[a.length];
        int n = 0;
        for (int x : a) {
            if (Arrays.binarySearch(b, x) < 0) {
                result[n++] = x;
            }
        }
        return n == a.length ? result : Arrays.copyOf(result, n);
    }
}
