package org.crossenroll.reference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossenroll.base.UserError;

/**
 * The division codes' history ({@code code_history.csv}, from the Ministry of Civil Affairs' annual code lists and
 * change notices as compiled in yescallop/areacodes): one row per period of a code, with the year it came into use,
 * the year it was retired or changed, and the codes that took its area over ({@code new_codes}). A code reused
 * for another area later has a row per period. Records carry the code in force when the school entered them, so
 * the job follows this history to the reference's vintage ({@link RegionResolution}).
 */
public final class CodeHistory {
    public static final String FILE = "code_history.csv";
    static final List<String> COLUMNS = List.of(
            "code", "province", "prefecture", "name", "level", "status", "valid_from", "changed_in", "new_codes");
    private static final List<String> LEVELS = List.of("province", "prefecture", "county");
    private static final List<String> STATUSES = List.of("in_use", "retired", "changed");
    /** A successor: a code, and in brackets the year whose meaning of the code is meant (default: changed_in). */
    private static final Pattern SUCCESSOR = Pattern.compile("(\\d{6})(?:\\[(\\d{4})])?");

    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    /**
     * One period of a code: in force from {@code validFrom} until {@code changedIn} (exclusive; null while in use),
     * its area then taken over by {@code successors}. An in-use period may list successors too: parts of its area
     * handed over earlier, each with its year.
     */
    public record Period(
            String code,
            String level,
            String province,
            String prefecture,
            String name,
            int validFrom,
            Integer changedIn,
            List<Successor> successors,
            long line) {
        boolean inUse() {
            return changedIn == null;
        }

        boolean inForce(int year) {
            return validFrom <= year && (changedIn == null || changedIn > year);
        }
    }

    /** A code that took over (part of) a period's area, in the meaning it had in {@code year}. */
    public record Successor(String code, int year) {}

    private static final CodeHistory EMPTY = new CodeHistory(new HashMap<>(), 0);

    private final Map<String, List<Period>> byCode;
    private final Map<Period, List<Period>> predecessors = new IdentityHashMap<>();
    private final int rows;

    private CodeHistory(Map<String, List<Period>> byCode, int rows) {
        this.byCode = byCode;
        this.rows = rows;
        for (List<Period> periods : byCode.values()) {
            for (Period p : periods) {
                for (Successor s : p.successors()) {
                    Period next = at(s.code(), s.year());
                    if (next != null && next != p) {
                        predecessors
                                .computeIfAbsent(next, k -> new ArrayList<>())
                                .add(p);
                    }
                }
            }
        }
    }

    /** No history: only codes of the reference resolve. */
    static CodeHistory empty() {
        return EMPTY;
    }

    static CodeHistory read(Regions.Source source) throws IOException {
        Map<String, List<Period>> byCode = new HashMap<>();
        int rows = 0;
        for (Regions.Line l : Regions.read(source, FILE, COLUMNS)) {
            String[] v = l.values();
            String where = "Regions file " + FILE + " line " + l.number() + ": ";
            if (!LEVELS.contains(v[4])) {
                throw new UserError(where + "level '" + v[4] + "' is not one of " + LEVELS + ".");
            }
            if (!STATUSES.contains(v[5])) {
                throw new UserError(where + "status '" + v[5] + "' is not one of " + STATUSES + ".");
            }
            int validFrom = year(v[6], where + "valid_from");
            Integer changedIn = v[7].isEmpty() ? null : year(v[7], where + "changed_in");
            if ((changedIn == null) != v[5].equals("in_use")) {
                throw new UserError(
                        where + "a code " + v[5] + " needs changed_in exactly when it is no longer in use.");
            }
            List<Successor> successors = new ArrayList<>();
            for (String token : v[8].isEmpty() ? new String[0] : v[8].split(";")) {
                Matcher m = SUCCESSOR.matcher(token.strip());
                if (!m.matches()) {
                    throw new UserError(
                            where + "new_codes holds '" + token + "', not a 6-digit code with an optional [year].");
                }
                if (m.group(2) == null && changedIn == null) {
                    throw new UserError(
                            where + "new_codes names " + m.group(1) + " without a [year] on a code still in use.");
                }
                successors.add(
                        new Successor(m.group(1), m.group(2) != null ? Integer.parseInt(m.group(2)) : changedIn));
            }
            byCode.computeIfAbsent(v[0], k -> new ArrayList<>())
                    .add(new Period(
                            v[0], v[4], v[1], v[2], v[3], validFrom, changedIn, List.copyOf(successors), l.number()));
            rows++;
        }
        return new CodeHistory(byCode, rows);
    }

    private static int year(String value, String what) {
        if (!YEAR.matcher(value).matches()) {
            throw new UserError(what + " '" + value + "' is not a year.");
        }
        return Integer.parseInt(value);
    }

    /** Every period of every code. */
    List<Period> all() {
        List<Period> all = new ArrayList<>(rows);
        byCode.values().forEach(all::addAll);
        return all;
    }

    /** Every period of the code, in file order; empty when the history does not know it. */
    List<Period> periods(String code) {
        return byCode.getOrDefault(code, List.of());
    }

    /** The period of the code in force in the year, or null. */
    Period at(String code, int year) {
        for (Period p : periods(code)) {
            if (p.inForce(year)) {
                return p;
            }
        }
        return null;
    }

    /** The periods that handed (part of) their area to this one. */
    List<Period> predecessors(Period period) {
        return predecessors.getOrDefault(period, List.of());
    }

    /** Rows of the file (0 without one). */
    public int rows() {
        return rows;
    }
}
