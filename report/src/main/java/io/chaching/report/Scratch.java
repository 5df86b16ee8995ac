package io.chaching.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the report module's commands need of the programs they start (Chromium, git, Maven, the
 * bench): the last words of a log, a temporary directory gone, a child and everything it started
 * killed.
 */
public final class Scratch {
    private Scratch() {
    }

    /** The last non-blank line of {@code log}, {@code ifEmpty} when it has none. */
    public static String lastLine(Path log, String ifEmpty) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            return "no log: " + e.getMessage();
        }
        return ifEmpty;
    }

    /** Deletes {@code dir} and all in it, as far as it can: what is left behind is not worth failing for. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** Kills the process and every process it started, and waits (10 s each at most) until they are gone. */
    public static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone already, or will be; nothing more to do from here
            }
        }
    }
}
