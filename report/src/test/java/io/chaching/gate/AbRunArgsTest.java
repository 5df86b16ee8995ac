package io.chaching.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** check-regression --ab's arguments: one line naming the value and what is allowed. */
class AbRunArgsTest {
    static final Path ROOT = Path.of("/nowhere");

    static String refused(String... argv) {
        return assertThrows(AbRun.Refused.class, () -> AbRun.parse(argv, ROOT)).getMessage();
    }

    @Test
    void oneRunASideIsRefused() {
        assertEquals("--runs must be in 2..20: --runs=1", refused("--ab", "HEAD", "--runs", "1"));
        assertEquals("--confirm must be in 0..20: --confirm=21", refused("--ab", "HEAD", "--confirm=21"));
        assertEquals("--ab REF is required (the commit to compare with)", refused("--runs", "3"));
    }

    @Test
    void theDefaultsAreThreePairsThreeToConfirmAndFivePercent() throws AbRun.Refused {
        AbRun.Options o = AbRun.parse(new String[] {"--ab=HEAD~1", "--seed", "7"}, ROOT);
        assertEquals("HEAD~1", o.ref());
        assertEquals(3, o.runs());
        assertEquals(3, o.confirm());
        assertEquals(0.05, o.threshold());
        assertEquals(ROOT.resolve("target").resolve("ab"), o.out());
        assertEquals(7, o.seed());
        assertNull(AbRun.parse(new String[] {"-h"}, ROOT), "help");
    }
}
