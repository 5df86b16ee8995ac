package io.chaching;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages' layers, read from the compiled classes (tests left out): each layer uses only the
 * layers below it, and no two io.chaching packages depend on each other in a cycle.
 *
 * <pre>
 *   bench, cli                      the JMH classes, the commands
 *   rounds                          rounds, streams, rounds on a subset, samples, traces
 *   handoff                         one class per mechanism
 *   miners          bogatyrs        spawning the miners; the bogatyrs' circle
 *   coins                           the record, pipe framing, ring, doorbell, sink, quota
 *   sys                             JNA bindings, syscall counts, where the native binaries are
 *   stats, args                     (their own modules, plus benchmarks' io.chaching.stats)
 * </pre>
 *
 * A new class goes in the lowest layer that has everything it uses; a class outside every layer
 * fails {@link #layers} too.
 */
@AnalyzeClasses(packages = "io.chaching", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String[] BOTTOM = {"Stats", "Args"};

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("Stats").definedBy("io.chaching.stats..")
            .layer("Args").definedBy("io.chaching.args..")
            .layer("Sys").definedBy("io.chaching.sys..")
            .layer("Coins").definedBy("io.chaching.coins..")
            .layer("Miners").definedBy("io.chaching.miners..")
            .layer("Bogatyrs").definedBy("io.chaching.bogatyrs..")
            .layer("Handoff").definedBy("io.chaching.handoff..")
            .layer("Rounds").definedBy("io.chaching.rounds..")
            .layer("Bench").definedBy("io.chaching.bench..")
            .layer("Cli").definedBy("io.chaching.cli..")
            .whereLayer("Stats").mayNotAccessAnyLayer()
            .whereLayer("Args").mayNotAccessAnyLayer()
            .whereLayer("Sys").mayOnlyAccessLayers(below())
            .whereLayer("Coins").mayOnlyAccessLayers(below("Sys"))
            .whereLayer("Miners").mayOnlyAccessLayers(below("Coins", "Sys"))
            .whereLayer("Bogatyrs").mayOnlyAccessLayers(below("Miners", "Coins", "Sys"))
            .whereLayer("Handoff").mayOnlyAccessLayers(below("Miners", "Coins", "Sys"))
            .whereLayer("Rounds").mayOnlyAccessLayers(below("Handoff", "Miners", "Coins", "Sys"))
            .whereLayer("Bench").mayOnlyAccessLayers(below("Rounds", "Handoff", "Bogatyrs", "Miners", "Coins", "Sys"))
            .whereLayer("Cli").mayOnlyAccessLayers(below("Rounds", "Handoff", "Bogatyrs", "Miners", "Coins", "Sys"));

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.chaching.(*)..").should().beFreeOfCycles();

    /** The given layers and the bottom ones every layer may use. */
    private static String[] below(String... layers) {
        String[] all = new String[layers.length + BOTTOM.length];
        System.arraycopy(layers, 0, all, 0, layers.length);
        System.arraycopy(BOTTOM, 0, all, layers.length, BOTTOM.length);
        return all;
    }
}
