package io.chaching.cli;

import io.chaching.sys.NativeBinaries;
import java.io.PrintStream;

/**
 * How every command ends: usage errors exit 2 with one line, runtime failures exit 1 with one
 * line (the cause chain only with CHACHING_DEBUG=1); never a bare stack trace.
 */
final class Main {
    private Main() {
    }

    @FunctionalInterface
    interface Command {
        int run() throws Exception;
    }

    static void exit(String program, Command command) {
        PrintStream err = System.err;
        int status;
        try {
            status = command.run();
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            status = 2;
        } catch (NativeBinaries.MissingBinaryException e) {
            err.println(program + ": " + e.getMessage());
            status = 1;
        } catch (Exception | Error e) {
            err.println(program + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if ("1".equals(System.getenv("CHACHING_DEBUG"))) {
                e.printStackTrace(err);
            }
            status = 1;
        }
        System.out.flush();
        err.flush();
        System.exit(status);
    }
}
