package io.chaching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chaching.sys.NativeBinaries;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a native program prints with {@code --layout} (name=value lines), for the tests that keep Java layouts in sync with C. */
public final class NativeLayout {
    private NativeLayout() {
    }

    /** Runs {@code PROGRAM --layout}; every line as name to value, in order. */
    public static Map<String, String> of(String program) throws Exception {
        Process p = new ProcessBuilder(NativeBinaries.program(program).toString(), "--layout").redirectErrorStream(true).start();
        Map<String, String> raw = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] kv = line.split("=", 2);
                raw.put(kv[0], kv[1]);
            }
        }
        assertEquals(0, p.waitFor(), program + " --layout");
        return raw;
    }
}
