package io.chaching.sys;

/** A child's wait status, decoded (WIFEXITED / WIFSIGNALED). */
public record ExitStatus(int raw) {
    public static ExitStatus of(int raw) {
        return new ExitStatus(raw);
    }

    /**
     * From {@link Process#exitValue()}: the exit code, or 0x80 + the signal's number for a child a
     * signal ended (what the JDK reports, as the shells do). An exit code above 128 reads as a
     * signal; a miner's are 0, 1 and 2.
     */
    public static ExitStatus ofExitValue(int value) {
        int signal = value - 0x80;
        return new ExitStatus(signal >= 1 && signal <= 64 ? signal : (value & 0xff) << 8);
    }

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean signaled() {
        int low = raw & 0x7f;
        return low != 0 && low != 0x7f;
    }

    public int signal() {
        return raw & 0x7f;
    }

    /** "exited with status 1", "was killed by signal 9 (SIGKILL)". */
    @Override
    public String toString() {
        if (exited()) {
            return "exited with status " + exitCode();
        }
        if (signaled()) {
            return "was killed by " + Errno.describeSignal(signal());
        }
        return "stopped (wait status " + raw + ")";
    }
}
