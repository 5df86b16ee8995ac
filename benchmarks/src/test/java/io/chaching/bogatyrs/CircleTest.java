package io.chaching.bogatyrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.sys.Signal;
import io.chaching.sys.Unistd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Real bogatyr processes over both transports: the text comes out right, whatever the draws, delays and addresses. */
class CircleTest {
    static Circle.Outcome speak(Circle.Spec spec) throws Exception {
        try (Circle c = Circle.spawn(spec)) {
            Circle.Outcome o = c.listen(h -> { });
            assertEquals(spec.text().value(), o.letters().stream().map(Circle.Heard::letter).collect(Collectors.joining()));
            return o;
        }
    }

    /** Every letter spoken by one address, and every distinct letter by a different one. */
    static void assertOneOwnerPerLetter(Circle.Outcome o, Text text) {
        Map<Integer, Integer> ownerOf = new HashMap<>();
        for (Circle.Heard h : o.letters()) {
            Integer before = ownerOf.putIfAbsent(h.codePoint(), h.address());
            assertEquals(before == null ? h.address() : before, h.address(), "letter " + h.letter() + " has one owner");
        }
        assertEquals(text.distinct(), new HashSet<>(ownerOf.values()).size(), "distinct letters, distinct owners");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theThirtyThreeSpeakTheAlphabet(Transport t) throws Exception {
        Leaks before = Leaks.snapshot();
        Circle.Spec spec = Circle.Spec.of(33, Text.RUSSIAN_ALPHABET, t, 33);
        Circle.Outcome o = speak(spec);
        assertEquals(33, o.letters().size());
        assertOneOwnerPerLetter(o, spec.text());
        assertTrue(o.agreementNs() > 0 && o.agreementNs() <= o.lastLetterNs(), o.toString());
        for (int i = 1; i < o.letters().size(); i++) {
            assertTrue(o.letters().get(i).atNs() >= o.letters().get(i - 1).atNs(), "heard in order");
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @CsvSource({"33, PIPE", "33, SHM", "9, PIPE", "9, SHM"})
    void helloWorldWithSpareBogatyrs(int count, Transport t) throws Exception {
        Circle.Spec spec = Circle.Spec.of(count, "Hello world!", t, count);
        Circle.Outcome o = speak(spec);
        assertOneOwnerPerLetter(o, spec.text());
        // the "ll" and the two o's: one owner, speaking each time
        assertEquals(o.letters().get(2).address(), o.letters().get(3).address());
        assertEquals(o.letters().get(4).address(), o.letters().get(7).address());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void oneBogatyrSaysOneLetter(Transport t) throws Exception {
        Circle.Outcome o = speak(Circle.Spec.of(1, "a", t, 1));
        assertEquals(1, o.letters().size());
        assertEquals(1, o.drawRounds());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void chaosAcrossSeeds(Transport t) throws Exception {
        for (long seed = 0; seed < 20; seed++) {
            Circle.Spec spec = Circle.Spec.of(9, "Hello world!", t, seed).withChaos();
            assertOneOwnerPerLetter(speak(spec), spec.text());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void collisionsInATinyDrawSpaceAreResolved(Transport t) throws Exception {
        // 33 draws of one bit collide for certain, again and again
        Circle.Outcome o = speak(Circle.Spec.of(33, Text.RUSSIAN_ALPHABET, t, 7).withDrawBits(1));
        assertTrue(o.drawRounds() >= 5, "rounds=" + o.drawRounds());
        for (long seed = 0; seed < 5; seed++) {
            Circle.Spec spec = Circle.Spec.of(8, "abcdefgh", t, seed).withDrawBits(2).withChaos();
            Circle.Outcome c = speak(spec);
            assertTrue(c.drawRounds() >= 2, "8 draws of 2 bits collide: rounds=" + c.drawRounds());
            assertOneOwnerPerLetter(c, spec.text());
        }
    }

    /** No address is born to a letter: across seeds, the one letter said from one address takes many values. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void theLetterOfAnAddressIsNotTiedToIt(Transport t) throws Exception {
        String text = "abcdefgh";
        Map<Integer, Set<String>> lettersOf = new HashMap<>();
        List<String> placesOfFirstSpawned = new ArrayList<>();
        for (long seed = 100; seed < 130; seed++) {
            try (Circle c = Circle.spawn(Circle.Spec.of(8, text, t, seed))) {
                int first = c.addresses()[0];
                Circle.Outcome o = c.listen(h -> { });
                for (Circle.Heard h : o.letters()) {
                    lettersOf.computeIfAbsent(h.address(), a -> new HashSet<>()).add(h.letter());
                    if (h.address() == first) {
                        placesOfFirstSpawned.add(h.letter());
                    }
                }
            }
        }
        for (int address = 0; address <= 8; address++) {
            Set<String> seen = lettersOf.getOrDefault(address, Set.of());
            // 30 seeds, 8 letters; ~26 of 30 (at least one bogatyr's address) said something; a tie would give 1
            assertTrue(seen.size() >= 4, "address " + address + " said only " + seen);
        }
        assertTrue(new HashSet<>(placesOfFirstSpawned).size() >= 4, "spawn order is not a place either: " + placesOfFirstSpawned);
    }

    @ParameterizedTest
    @CsvSource({"draw, PIPE", "draw, SHM", "agreement, PIPE", "agreement, SHM", "speaking, PIPE", "speaking, SHM"})
    void aKilledBogatyrStopsTheRestAndIsNamed(String stage, Transport t) throws Exception {
        Leaks before = Leaks.snapshot();
        long started = System.nanoTime();
        int victim;
        int victimPid;
        BogatyrDiedException e;
        try (Circle c = Circle.spawn(Circle.Spec.of(33, Text.RUSSIAN_ALPHABET, t, 5).withDieAt(stage))) {
            victim = c.addresses()[0];
            victimPid = c.processes().get(0).pid();
            e = assertThrows(BogatyrDiedException.class, () -> c.listen(h -> { }));
            assertTrue(c.processes().stream().allMatch(p -> p.isReaped()), "every bogatyr reaped before the failure is reported");
        }
        assertTrue(e.getMessage().startsWith("bogatyr at address " + victim + " (pid " + victimPid
                + ") was killed by signal 9 (SIGKILL) in stage " + stage + ":"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the other 32 were stopped"), e.getMessage());
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "bounded time");
        assertEquals(List.of(), Leaks.childrenOf(Unistd.getpid()));
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServingCircleSpeaksRunAfterRun(Transport t) throws Exception {
        Leaks before = Leaks.snapshot();
        Set<Integer> firstSpeakers = new HashSet<>();
        try (Circle c = Circle.spawn(Circle.Spec.of(8, "abcdefgh", t, 3).serving())) {
            for (int k = 1; k <= 12; k++) {
                Circle.Outcome o = c.run(k);
                assertEquals("abcdefgh", o.letters().stream().map(Circle.Heard::letter).collect(Collectors.joining()));
                assertTrue(o.agreementNs() > 0 && o.agreementNs() <= o.lastLetterNs());
                firstSpeakers.add(o.letters().get(0).address());
            }
        }
        assertTrue(firstSpeakers.size() >= 3, "every run draws afresh: " + firstSpeakers);
        Leaks.assertNoLeaksSince(before);
    }

    /** SIGKILL from outside, between two runs of a serving circle: the next run fails at the draw, naming it. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBogatyrKilledFromOutsideIsNamedNotTheOnesItTookDown(Transport t) throws Exception {
        Leaks before = Leaks.snapshot();
        try (Circle c = Circle.spawn(Circle.Spec.of(8, "abcdefgh", t, 11).serving())) {
            c.run(1);
            var victim = c.processes().get(5);
            victim.signal(Signal.SIGKILL);
            BogatyrDiedException e = assertThrows(BogatyrDiedException.class, () -> c.run(2));
            assertEquals("bogatyr at address " + c.addresses()[5] + " (pid " + victim.pid() + ") was killed by signal 9 "
                    + "(SIGKILL) in stage draw: no draw of it was heard; the other 7 were stopped", e.getMessage());
        }
        assertEquals(List.of(), Leaks.childrenOf(Unistd.getpid()));
        Leaks.assertNoLeaksSince(before);
    }
}
