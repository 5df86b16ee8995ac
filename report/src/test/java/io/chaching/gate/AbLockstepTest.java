package io.chaching.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lockstep of a pair with builds whose parameter sets differ: REF's build leads in its own
 * order, this tree's follows by key, and what only one has runs on neither side. Fake bench
 * scripts speak BenchMain's --lockstep protocol and log what they were told.
 */
class AbLockstepTest {
    /** A bench that lists CELLs (if any), offers READY in its order and obeys skip/go/run/end. */
    private static Path fakeHome(Path dir, String name, List<String> cells, boolean lists) throws Exception {
        return fakeHome(dir, name, cells, lists, java.util.Map.of());
    }

    /** As above; {@code stands} answers 'has KEY' (BenchMain finds a fork with a new parameter at its default). */
    private static Path fakeHome(Path dir, String name, List<String> cells, boolean lists,
                                 java.util.Map<String, String> stands) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("scripts"));
        StringBuilder sh = new StringBuilder("#!/bin/bash\nlog=" + dir.resolve(name + ".told") + "\n: > $log\n");
        sh.append("cells=(");
        for (String c : cells) {
            sh.append('"').append(c).append("\" ");
        }
        sh.append(")\ndeclare -A stands\n");
        stands.forEach((k, v) -> sh.append("stands[\"").append(k).append("\"]=\"").append(v).append("\"\n"));
        if (lists) {
            sh.append("for c in \"${cells[@]}\"; do echo \"LOCKSTEP CELL $c\"; done\n");
        }
        // pending cells in order; 'run KEY' takes that one out of turn
        sh.append("""
                k=1
                while [ ${#cells[@]} -gt 0 ]; do
                  echo "LOCKSTEP READY $k/9 ${cells[0]}"
                  read -r word || exit 1
                  echo "$word" >> $log
                  case "$word" in
                    end) break ;;
                    skip) cells=("${cells[@]:1}") ;;
                    has\\ *) key="${word#has }"; echo "LOCKSTEP HAS ${stands[$key]:--}" ;;
                    run\\ *) key="${word#run }"; left=(); found=0
                      for c in "${cells[@]}"; do if [ "$c" = "$key" ] && [ $found = 0 ]; then found=1; else left+=("$c"); fi; done
                      if [ $found = 0 ]; then echo "LOCKSTEP NOCELL $key"; else cells=("${left[@]}"); k=$((k+1)); fi ;;
                    *) cells=("${cells[@]:1}"); k=$((k+1)) ;;
                  esac
                done
                echo "LOCKSTEP END"
                """);
        Path bench = home.resolve("scripts").resolve("bench");
        Files.writeString(bench, sh.toString(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(bench, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    @Timeout(60)
    void aParameterSetOnlyOneBuildHasRunsOnNeitherSide(@TempDir Path dir) throws Exception {
        // REF has B (since removed); this tree has D (new) and its own order
        Path ref = fakeHome(dir, "ref", List.of("R {h=a}", "R {h=b}", "R {h=c}"), false);
        Path cur = fakeHome(dir, "cur", List.of("R {h=d}", "R {h=c}", "R {h=a}"), true);
        AbRun.Options o = new AbRun.Options("REF", "", 2, 0, 0.05, dir.resolve("out"), 7);
        Files.createDirectories(o.out());
        AbRun.Job job = new AbRun.Job(7);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        AbRun.pair(o, cur, ref, "0123456789abcdef", job, 1, "", null, 1, new PrintStream(text, true, "UTF-8"));
        List<String> refTold = Files.readAllLines(dir.resolve("ref.told"));
        List<String> curTold = Files.readAllLines(dir.resolve("cur.told"));
        assertEquals(List.of("go", "skip", "go"), refTold);
        assertEquals(Set.of("run R {h=a}", "has R {h=b}", "run R {h=c}", "end"), Set.copyOf(curTold));
        assertEquals("end", curTold.get(curTold.size() - 1));
        assertEquals(Set.of("R {h=b}"), job.refOnly);
        assertEquals(Set.of("R {h=d}"), job.curOnly);
        assertEquals(1, job.ref.size());
        assertEquals(1, job.current.size());
        assertTrue(job.log.size() == 3, String.join("\n", job.log)); // the header and two pairs of forks
    }

    @Test
    @Timeout(60)
    void aParameterAddedSinceRefRunsAtItsDefaultAgainstRefsKey(@TempDir Path dir) throws Exception {
        Path ref = fakeHome(dir, "ref", List.of("R {h=a}", "R {h=b}"), false);
        Path cur = fakeHome(dir, "cur", List.of("R {h=b, v=x}", "R {h=a, v=x}", "R {h=a, v=y}"), true,
                java.util.Map.of("R {h=a}", "R {h=a, v=x}", "R {h=b}", "R {h=b, v=x}"));
        AbRun.Options o = new AbRun.Options("REF", "", 2, 0, 0.05, dir.resolve("out"), 7);
        Files.createDirectories(o.out());
        AbRun.Job job = new AbRun.Job(7);
        AbRun.pair(o, cur, ref, "0123456789abcdef", job, 1, "", null, 1,
                new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
        assertEquals(List.of("go", "go"), Files.readAllLines(dir.resolve("ref.told")));
        assertEquals(List.of("has R {h=a}", "run R {h=a, v=x}", "has R {h=b}", "run R {h=b, v=x}", "end"),
                Files.readAllLines(dir.resolve("cur.told")));
        assertTrue(job.refOnly.isEmpty(), job.refOnly.toString());
        assertEquals(Set.of("R {h=a, v=y}"), job.curOnly, "the new parameter's other value has no base");
    }

    @Test
    @Timeout(60)
    void confirmRunsSkipWhatIsNotSuspect(@TempDir Path dir) throws Exception {
        Path ref = fakeHome(dir, "ref", List.of("R {h=a}", "R {h=b}"), true);
        Path cur = fakeHome(dir, "cur", List.of("R {h=b}", "R {h=a}"), true);
        AbRun.Options o = new AbRun.Options("REF", "", 2, 1, 0.05, dir.resolve("out"), 7);
        Files.createDirectories(o.out());
        AbRun.Job job = new AbRun.Job(7);
        AbRun.pair(o, cur, ref, "0123456789abcdef", job, 3, "", Set.of("R {h=b}"), 3,
                new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
        assertEquals(List.of("skip", "go"), Files.readAllLines(dir.resolve("ref.told")));
        assertEquals(List.of("run R {h=b}", "end"), Files.readAllLines(dir.resolve("cur.told")));
        assertTrue(job.refOnly.isEmpty() && job.curOnly.isEmpty(), "confirm runs do not count one-sided sets");
    }
}
