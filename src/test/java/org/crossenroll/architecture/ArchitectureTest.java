package org.crossenroll.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The main code keeps its layers and has no package cycle; and the rules would say so if it did not: each is fed a
 * small package under {@code archfixture} that breaks it (an upward import, a cycle) and one that does not.
 */
class ArchitectureTest {
    private static final String FIXTURES = "org.crossenroll.architecture.archfixture";

    @Test
    void mainCodeImportsOnlyDownwardAndHasNoCycle() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.crossenroll");
        assertThat(main.size()).as("the main classes were found").isGreaterThan(100);
        Layers.layered("org.crossenroll").check(main);
        Layers.acyclic("org.crossenroll").check(main);
        Layers.noSqlText("org.crossenroll").check(main);
    }

    @Test
    void sqlTextFailsItsRule() {
        EvaluationResult result = Layers.noSqlText(FIXTURES + ".sqltext").evaluate(fixtures("sqltext"));
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line ->
                        assertThat(line).contains("ParsesSqlText.schema()").contains("fromDDL"))
                .anySatisfy(line ->
                        assertThat(line).contains("ParsesSqlText.asLong(").contains("cast"));
    }

    @Test
    void anUpwardImportFailsTheLayers() {
        EvaluationResult result = Layers.layered(FIXTURES + ".upward").evaluate(fixtures("upward"));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(
                        line -> assertThat(line).contains("upward.storage.Low").contains("upward.job.High"));
    }

    @Test
    void anImportOfTheEntryPointFailsTheLayers() {
        EvaluationResult result = Layers.layered(FIXTURES + ".entry").evaluate(fixtures("entry"));
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(
                        line -> assertThat(line).contains("entry.cli.UsesEntry").contains("entry.Entry"));
    }

    @Test
    void aPackageOutsideTheLayersFailsThem() {
        EvaluationResult result = Layers.layered(FIXTURES + ".stray").evaluate(fixtures("stray"));
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("stray.misc.Stray"));
    }

    @Test
    void aCycleFailsTheCycleRule() {
        EvaluationResult result = Layers.acyclic(FIXTURES + ".cycle").evaluate(fixtures("cycle"));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected")
                .contains("cycle.report")
                .contains("cycle.disclosure");
    }

    @Test
    void downwardImportsPassBothRules() {
        JavaClasses classes = fixtures("downward");
        assertThat(classes.size()).isEqualTo(3);
        assertThat(Layers.layered(FIXTURES + ".downward").evaluate(classes).hasViolation())
                .isFalse();
        assertThat(Layers.acyclic(FIXTURES + ".downward").evaluate(classes).hasViolation())
                .isFalse();
    }

    private static JavaClasses fixtures(String name) {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + "." + name);
        assertThat(classes.size()).as("the fixture %s was found", name).isGreaterThan(0);
        return classes;
    }
}
