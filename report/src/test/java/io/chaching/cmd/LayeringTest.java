package io.chaching.cmd;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The report module's layers, each using only those below it: {@code stats} and {@code args}
 * at the bottom, then {@code report} (readers, the judgement, the page), then {@code gate}
 * (which judges with the report's method), then {@code cmd} (the command that writes a page
 * with a gate section, the only place that needs both). Over the compiled classes, tests left out.
 */
class LayeringTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.chaching.stats", "io.chaching.args", "io.chaching.report", "io.chaching.gate",
                    "io.chaching.cmd");

    @Test
    void eachLayerUsesOnlyThoseBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("stats").definedBy("io.chaching.stats..")
                .layer("args").definedBy("io.chaching.args..")
                .layer("report").definedBy("io.chaching.report..")
                .layer("gate").definedBy("io.chaching.gate..")
                .layer("cmd").definedBy("io.chaching.cmd..")
                .whereLayer("cmd").mayNotBeAccessedByAnyLayer()
                .whereLayer("gate").mayOnlyBeAccessedByLayers("cmd")
                .whereLayer("report").mayOnlyBeAccessedByLayers("gate", "cmd")
                .whereLayer("args").mayOnlyBeAccessedByLayers("report", "gate", "cmd")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("report", "gate", "cmd")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.chaching.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
