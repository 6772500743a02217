package org.crossenroll.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The package layers of docs/development.md ("The code"), as ArchUnit rules over any root package, so that a test can
 * feed them a small package that breaks them and see them fail.
 *
 * <p>Each package imports only packages below it in {@link #ORDER}; the root package holds the entry point alone and
 * nothing imports it. The order follows the data: what every layer needs (exit codes, errors, build info), storage
 * that knows nothing of enrollments, then intake to reports, the published layer, monitoring, the table catalog that
 * describes all of them, the job that runs them in stages, and the command line.
 */
public final class Layers {
    /** Bottom first. */
    public static final List<String> ORDER = List.of(
            "base",
            "storage",
            "privacy",
            "ingest",
            "reference",
            "validate",
            "report",
            "disclosure",
            "monitor",
            "catalog",
            "generate",
            "job",
            "cli");

    private Layers() {}

    /**
     * No class makes Spark parse SQL text: a schema from DDL ({@code fromDDL}), a cast to a type named in text, an
     * expression or filter in text. Each builds Spark SQL's ANTLR grammar on first use in a JVM, which cost a short
     * JVM of the crash tests a tenth of its CPU; and text is checked only when it runs, where a {@code DataType} or a
     * {@code Column} is checked by the compiler.
     */
    public static ArchRule noSqlText(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .callMethod(org.apache.spark.sql.types.StructType.class, "fromDDL", String.class)
                .orShould()
                .callMethod(org.apache.spark.sql.types.DataType.class, "fromDDL", String.class)
                .orShould()
                .callMethod(org.apache.spark.sql.Column.class, "cast", String.class)
                .orShould()
                .callMethod(org.apache.spark.sql.functions.class, "expr", String.class)
                .orShould()
                .callMethod(org.apache.spark.sql.Dataset.class, "selectExpr", String[].class)
                .orShould()
                .callMethod(org.apache.spark.sql.Dataset.class, "filter", String.class)
                .orShould()
                .callMethod(org.apache.spark.sql.Dataset.class, "where", String.class)
                .because("Spark would build its SQL parser to read the text (see Layers.noSqlText)");
    }

    /** No class of a layer depends on a class of a layer above it, or on the root package. */
    public static ArchRule layered(String root) {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < ORDER.size(); i++) {
            List<String> above = new ArrayList<>();
            for (String higher : ORDER.subList(i + 1, ORDER.size())) {
                above.add(root + "." + higher + "..");
            }
            if (!above.isEmpty()) {
                rules.add(noClasses()
                        .that()
                        .resideInAPackage(root + "." + ORDER.get(i) + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(above.toArray(String[]::new))
                        .because(ORDER.get(i) + " sits below " + String.join(", ", ORDER.subList(i + 1, ORDER.size())))
                        .allowEmptyShould(true));
            }
        }
        rules.add(noClasses()
                .that()
                .resideInAPackage(root + ".*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root)
                .because("the root package holds the entry point, which nothing uses")
                .allowEmptyShould(true));
        rules.add(classes()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .resideInAnyPackage(known(root))
                .because("every package has its place in the layers (Layers.ORDER)")
                .allowEmptyShould(true));
        return CompositeArchRule.of(rules);
    }

    /** No cycle between the packages just under {@code root}. */
    public static ArchRule acyclic(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    private static String[] known(String root) {
        List<String> packages = new ArrayList<>(List.of(root));
        for (String layer : ORDER) {
            packages.add(root + "." + layer + "..");
        }
        return packages.toArray(String[]::new);
    }
}
