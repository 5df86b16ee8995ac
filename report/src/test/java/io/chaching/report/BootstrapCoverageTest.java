package io.chaching.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.report.Bootstrap.Stat;
import io.chaching.report.Judge.Outcome;
import io.chaching.report.Samples.Nested;
import io.chaching.report.Spreads.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The report's intervals tested like code: synthetic nested samples drawn with the spreads of a
 * real quick run of this machine (src/test/resources/coverage-spreads.properties, written by
 * {@link Spreads} from that run's samples/), once with no difference and once with a known 1.10x,
 * 100 seeds each, judged exactly as the report judges. With no difference at most 5 of 100 may be
 * called better or worse (the interval's coverage); with 1.10x the shapes named "decides" must be
 * decided, in the right direction, in at least 90 of 100 (its power), and those given a "power"
 * in at least that many (the power measured when the method was last changed). A paired shape
 * ("shared") is judged as the report judges pairs; "pooled" as it judges a round's coins.
 */
class BootstrapCoverageTest {
    static final int SEEDS = 100;

    /**
     * One profile from the resource file: a measure's shape and statistic, whether 1.10x must be
     * decided, and for paired measures the spread of the calls' shared work (the same on both sides).
     */
    record Profile(String name, Shape shape, Stat stat, boolean decides, double shared, int power, boolean pooled) {
    }

    static List<Profile> profiles() throws IOException {
        Properties p = new Properties();
        try (InputStream in = BootstrapCoverageTest.class.getResourceAsStream("/coverage-spreads.properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<Profile> out = new ArrayList<>();
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (k.endsWith(".shape")) {
                String name = k.substring(0, k.length() - ".shape".length());
                out.add(new Profile(name, Shape.parse(p.getProperty(k)), Stat.valueOf(p.getProperty(name + ".stat", "MEDIAN")),
                        Boolean.parseBoolean(p.getProperty(name + ".decides", "false")),
                        Double.parseDouble(p.getProperty(name + ".shared", "-1")),
                        Integer.parseInt(p.getProperty(name + ".power", "0")),
                        Boolean.parseBoolean(p.getProperty(name + ".pooled", "false"))));
            }
        }
        return out;
    }

    /** Log-normal values nested as the shape says, every level its own normal effect; the median is {@code scale}. */
    static Nested draw(Shape s, double scale, Random r) {
        return draw(s, scale, r, null);
    }

    /** The same, with {@code work[t][i][o]} added to every call's effect: the work both sides share. */
    static Nested draw(Shape s, double scale, Random r, double[][][] work) {
        double[][][][] d = new double[s.trials()][s.iterations()][s.ops()][s.values()];
        for (int t = 0; t < s.trials(); t++) {
            double et = r.nextGaussian() * s.trial();
            for (int i = 0; i < s.iterations(); i++) {
                double ei = et + r.nextGaussian() * s.iteration();
                for (int o = 0; o < s.ops(); o++) {
                    double eo = ei + r.nextGaussian() * s.op() + (work == null ? 0 : work[t][i][o]);
                    for (int v = 0; v < s.values(); v++) {
                        d[t][i][o][v] = scale * Math.exp(eo + r.nextGaussian() * s.value());
                    }
                }
            }
        }
        return new Nested("us", d);
    }

    /** How the report would judge A (scale a) against B (scale 1), lower being better. */
    static Outcome judge(Shape s, Stat stat, double a, long seed) {
        Random r = new Random(seed);
        Nested na = draw(s, a, r);
        Nested nb = draw(s, 1, r);
        double[] ra = Bootstrap.replicates(na, stat, Bootstrap.REPLICATES, seed * 31 + 1);
        double[] rb = Bootstrap.replicates(nb, stat, Bootstrap.REPLICATES, seed * 31 + 2);
        double[] ratio = new double[ra.length];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = ra[i] / rb[i];
        }
        double[] ci = Judge.interval(ratio);
        return Judge.outcome(ci[0], ci[1], false, true);
    }

    /** As {@link #judge}, for a paired measure: both sides mine the same work, and the report resamples them together. */
    static Outcome judgePaired(Shape s, Stat stat, double shared, boolean pooled, double a, long seed) {
        Random r = new Random(seed);
        double[][][] work = new double[s.trials()][s.iterations()][s.ops()];
        for (double[][] t : work) {
            for (double[] i : t) {
                for (int o = 0; o < i.length; o++) {
                    i[o] = r.nextGaussian() * shared;
                }
            }
        }
        Nested na = draw(s, a, r, work);
        Nested nb = draw(s, 1, r, work);
        Nested[] p = Bootstrap.align(na, nb);
        double[] ci = Judge.interval(pooled ? Bootstrap.pooledReplicates(p[0], p[1], stat, false, Bootstrap.REPLICATES,
                seed * 31 + 3) : Bootstrap.pairedReplicates(p[0], p[1], stat, false, Bootstrap.REPLICATES, seed * 31 + 3));
        return Judge.outcome(ci[0], ci[1], false, true);
    }

    static Outcome judge(Profile p, double a, long seed) {
        return p.shared() >= 0 ? judgePaired(p.shape(), p.stat(), p.shared(), p.pooled(), a, seed)
                : judge(p.shape(), p.stat(), a, seed);
    }

    @Test
    void noDifferenceIsRarelyCalledOneAndATenPercentOneIsFound() throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<Profile> profiles = profiles();
        assertTrue(profiles.stream().anyMatch(Profile::decides), "at least one measured shape must be held to 90 of 100");
        for (Profile p : profiles) {
            // the seeds are independent: both cores share them (the result does not depend on the order)
            Outcome[][] outcomes = java.util.stream.IntStream.rangeClosed(1, SEEDS).parallel()
                    .mapToObj(seed -> new Outcome[] {judge(p, 1.0, seed), judge(p, 1.10, 1000 + seed)})
                    .toArray(Outcome[][]::new);
            int falseCalls = 0;
            int found = 0;
            int wrongWay = 0;
            for (Outcome[] o : outcomes) {
                if (o[0] == Outcome.BETTER || o[0] == Outcome.WORSE) {
                    falseCalls++;
                }
                if (o[1] == Outcome.WORSE) {
                    found++;
                } else if (o[1] == Outcome.BETTER) {
                    wrongWay++;
                }
            }
            table.put(p.name(), "no difference called better or worse " + falseCalls + "/100; 1.10x decided " + found
                    + "/100 (the wrong way " + wrongWay + ")");
            if (falseCalls > 5) {
                failures.add(p.name() + ": " + falseCalls + " of 100 with no difference were called better or worse");
            }
            if (wrongWay > 0) {
                failures.add(p.name() + ": 1.10x slower was called faster " + wrongWay + " times");
            }
            if (p.decides() && found < 90) {
                failures.add(p.name() + ": 1.10x decided only " + found + " of 100");
            }
            if (found < p.power()) {
                failures.add(p.name() + ": 1.10x decided " + found + " of 100, fewer than the " + p.power() + " measured");
            }
        }
        table.forEach((k, v) -> System.out.println("coverage " + k + ": " + v));
        assertEquals(List.of(), failures, table.toString());
    }

    @Test
    void theSpreadsOfASyntheticRunAreFoundAgain() {
        Shape s = new Shape(3, 4, 30, 8, 0.10, 0.05, 0.20, 0.30);
        Shape found = Spreads.of(draw(s, 5, new Random(7)));
        assertEquals(3, found.trials());
        assertEquals(30, found.ops());
        assertEquals(0.30, found.value(), 0.02);
        assertEquals(0.20, found.op(), 0.03);
        assertTrue(found.iteration() < 0.12 && found.trial() < 0.3, found.line());
    }

    @Test
    void quantilesFollowTheOneNearestRankRule() {
        double[] sixteen = new double[16];
        for (int i = 0; i < 16; i++) {
            sixteen[i] = 16 - i;
        }
        assertEquals(8, Bootstrap.quantile(sixteen.clone(), 50), "the median of 16 is the 8th value");
        assertEquals(16, Bootstrap.quantile(sixteen.clone(), 99), "a p99 of 16 values is their maximum");
        assertEquals(1, Bootstrap.quantile(new double[] {1, 2}, 50), "the lower middle of two");
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = (i * 37) % 100 + 1;
        }
        assertEquals(99, Bootstrap.quantile(hundred.clone(), 99));
        assertEquals(50, Bootstrap.quantile(hundred.clone(), 50));
    }
}
