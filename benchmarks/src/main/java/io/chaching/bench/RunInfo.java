package io.chaching.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * What a bench run was run on, written next to its JMH JSON as {@code run.properties} for the
 * report: the JMH JSON names the JVM but not the CPU, the core count or the kernel, and a number
 * without its machine is not finished (DESIGN.md). Read from /proc at the start of the run.
 */
final class RunInfo {
    private RunInfo() {
    }

    static void write(Path file, String profile, String include, int cores, long seed) throws IOException {
        Properties p = new Properties();
        p.setProperty("cpu", cpuModel());
        p.setProperty("cores", Integer.toString(cores));
        p.setProperty("kernel", firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")));
        p.setProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.setProperty("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        p.setProperty("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        p.setProperty("profile", profile);
        p.setProperty("include", include == null ? "" : include);
        p.setProperty("order.seed", Long.toString(seed));
        p.setProperty("command", "mvn -B verify -Pbench -Dbench.profile=" + profile
                + (include == null || include.isEmpty() ? "" : " -Dbench.include='" + include + "'"));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "cha-ching bench run: the machine and the command behind jmh-result.json");
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through: the report says "unknown" rather than guess
        }
        return "unknown";
    }

    private static String firstLine(Path file, String fallback) {
        try {
            return Files.readAllLines(file).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return fallback;
        }
    }
}
