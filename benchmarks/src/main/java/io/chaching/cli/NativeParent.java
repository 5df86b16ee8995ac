package io.chaching.cli;

import io.chaching.miners.NativeBinaries;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.ExitStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bytecoin --parent native}: runs the C reference parent with the same options, on this
 * terminal (it inherits stdin, stdout and stderr), and exits as it does.
 */
final class NativeParent {
    private NativeParent() {
    }

    static int run(String[] argv) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(NativeBinaries.program("cparent").toString());
        cmd.add("--miner");
        cmd.add(NativeBinaries.program("miner").toString());
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.equals("--parent")) {
                i++; // its value too
            } else if (!arg.startsWith("--parent=")) {
                cmd.add(arg);
            }
        }
        if (cmd.stream().anyMatch(a -> a.equals("--stream") || a.startsWith("--stream="))) {
            cmd.add("--quiet"); // as the JVM parent: a stream prints its summary, not a line per coin
        }
        System.out.flush();
        try (ChildProcess c = ChildProcess.spawn("cparent", cmd, Map.of())) {
            ExitStatus status = c.waitFor(Long.MAX_VALUE);
            if (status.signaled()) {
                throw new IllegalStateException("the native parent " + status);
            }
            return status.exitCode();
        }
    }
}
