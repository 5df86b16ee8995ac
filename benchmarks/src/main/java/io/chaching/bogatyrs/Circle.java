package io.chaching.bogatyrs;

import io.chaching.sys.NativeBinaries;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.ExitStatus;
import io.chaching.sys.Fd;
import io.chaching.sys.Signal;
import io.chaching.sys.SyscallException;
import io.chaching.sys.Unistd;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * N bogatyr processes around the parent. The parent shuffles the inbox addresses, creates the
 * inboxes, spawns the bogatyrs (from ChildProcess's one spawner thread, for PR_SET_PDEATHSIG)
 * and then only listens: no message of the parent says who anyone is. It hears every draw,
 * every AGREED and every letter, so when a bogatyr dies it can say at what stage. {@link #close()}
 * kills and reaps every bogatyr and closes every descriptor and mapping.
 */
public final class Circle implements AutoCloseable {
    /** How often a listening parent looks for a dead bogatyr (waitpid, WNOHANG) while nothing arrives. */
    private static final long CHECK_NANOS = 20_000_000L;
    private static final long EXIT_GRACE_NANOS = 5_000_000_000L;

    /**
     * What to run. {@code seed} shuffles the addresses and makes the draws repeatable (absent:
     * random); {@code drawBits} below 64 forces collisions; {@code dieAt} (draw, agreement,
     * speaking or null) kills the first-spawned bogatyr at that stage; {@code serve} keeps the
     * bogatyrs for {@link #run(int)} after {@link #run(int)}.
     */
    public record Spec(int count, Text text, Transport transport, OptionalLong seed, boolean chaos, int drawBits,
                       String dieAt, boolean serve, long timeoutNanos) {
        public Spec {
            if (count < BogatyrLayout.MIN_BOGATYRS || count > BogatyrLayout.MAX_BOGATYRS) {
                throw new IllegalArgumentException("count must be in 1..1024: count=" + count);
            }
            if (text.length() == 0 || text.distinct() > count) {
                throw new IllegalArgumentException("text must be non-empty with at most count distinct letters: count="
                        + count + " distinct=" + text.distinct());
            }
            if (drawBits < 1 || drawBits > 64) {
                throw new IllegalArgumentException("drawBits must be in 1..64: drawBits=" + drawBits);
            }
        }

        public static Spec of(int count, String text, Transport transport, long seed) {
            return new Spec(count, Text.of(text), transport, OptionalLong.of(seed), false, 64, null, false, 60_000_000_000L);
        }

        public Spec withChaos() {
            return new Spec(count, text, transport, seed, true, drawBits, dieAt, serve, timeoutNanos);
        }

        public Spec withDrawBits(int bits) {
            return new Spec(count, text, transport, seed, chaos, bits, dieAt, serve, timeoutNanos);
        }

        public Spec withDieAt(String stage) {
            return new Spec(count, text, transport, seed, chaos, drawBits, stage, serve, timeoutNanos);
        }

        public Spec serving() {
            return new Spec(count, text, transport, seed, chaos, drawBits, dieAt, true, timeoutNanos);
        }
    }

    /** One letter as the parent heard it: from which inbox address and process, where in the text, when (ns since the start). */
    public record Heard(int address, int pid, int position, int codePoint, long atNs) {
        public String letter() {
            return Character.toString(codePoint);
        }
    }

    /** A run that came out right: the letters as heard, and when agreement and the last letter were reached (ns since the start). */
    public record Outcome(List<Heard> letters, String spoken, long agreementNs, long lastLetterNs, int drawRounds) {
    }

    /** Called as each letter is heard. */
    @FunctionalInterface
    public interface Listener {
        void heard(Heard h);
    }

    private final Spec spec;
    private final int[] addresses; // by spawn order
    private final int listener;
    private final Inboxes inboxes;
    private final List<ChildProcess> children;
    private final ChildProcess[] byAddress;
    private final long spawnStartNs;
    private int run;
    private boolean closed;

    private Circle(Spec spec, int[] addresses, int listener, Inboxes inboxes, List<ChildProcess> children, long spawnStartNs) {
        this.spec = spec;
        this.addresses = addresses;
        this.listener = listener;
        this.inboxes = inboxes;
        this.children = children;
        this.byAddress = new ChildProcess[spec.count() + 1];
        for (int i = 0; i < addresses.length; i++) {
            byAddress[addresses[i]] = children.get(i);
        }
        this.spawnStartNs = spawnStartNs;
    }

    /** Shuffles the addresses, creates the inboxes and spawns the bogatyrs; in one-shot mode they start at once. */
    public static Circle spawn(Spec spec) throws IOException {
        String path = NativeBinaries.program("bogatyr").toString();
        SplittableRandom random = new SplittableRandom(spec.seed().orElseGet(() -> new SecureRandom().nextLong()));
        int[] perm = new int[spec.count() + 1];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int listener = perm[spec.count()];
        int[] addresses = Arrays.copyOf(perm, spec.count());
        Inboxes inboxes = Inboxes.open(spec.transport(), spec.count(), listener);
        List<ChildProcess> children = new ArrayList<>(spec.count());
        long start = System.nanoTime();
        try {
            String parentPid = Integer.toString(Unistd.getpid());
            for (int i = 0; i < spec.count(); i++) {
                List<String> argv = new ArrayList<>(List.of(path, "--count", Integer.toString(spec.count()),
                        "--address", Integer.toString(addresses[i]), "--listener", Integer.toString(listener),
                        "--transport", spec.transport().label(), "--text", spec.text().value(), "--parent-pid", parentPid));
                if (spec.seed().isPresent()) {
                    argv.addAll(List.of("--seed", Long.toUnsignedString(spec.seed().getAsLong())));
                }
                if (spec.chaos()) {
                    argv.add("--chaos");
                }
                if (spec.serve()) {
                    argv.add("--serve");
                }
                if (spec.drawBits() != 64) {
                    argv.addAll(List.of("--draw-bits", Integer.toString(spec.drawBits())));
                }
                if (spec.dieAt() != null && i == 0) {
                    argv.addAll(List.of("--die-at", spec.dieAt()));
                }
                children.add(ChildProcess.spawn("bogatyr at address " + addresses[i], argv, inboxes.childFds(addresses[i])));
            }
            inboxes.spawned(spec.serve());
        } catch (IOException | RuntimeException e) {
            killAll(children);
            inboxes.close();
            throw e;
        }
        return new Circle(spec, addresses, listener, inboxes, children, start);
    }

    /** Inbox addresses by spawn order (the first-spawned is the --die-at victim). */
    public int[] addresses() {
        return addresses.clone();
    }

    public int listenerAddress() {
        return listener;
    }

    public List<ChildProcess> processes() {
        return children;
    }

    public List<Fd> descriptors() {
        return inboxes.descriptors();
    }

    /** One-shot: listens from the first spawn to the last letter, then reaps every bogatyr (each must exit 0). */
    public Outcome listen(Listener l) throws IOException {
        if (spec.serve()) {
            throw new IllegalStateException("a serving circle runs with run(k)");
        }
        Outcome o = listenRun(0, spawnStartNs, l);
        long deadline = System.nanoTime() + EXIT_GRACE_NANOS;
        for (ChildProcess c : children) {
            ExitStatus s = c.waitFor(Math.max(0, deadline - System.nanoTime()));
            if (s == null || !s.exited() || s.exitCode() != 0) {
                throw new IOException(c + " " + (s == null ? "was still running" : s) + " after the last letter");
            }
        }
        return o;
    }

    /** --serve: broadcasts START for run {@code k} (above every earlier run) and listens to its last letter; times from the START. */
    public Outcome run(int k) throws IOException {
        if (!spec.serve()) {
            throw new IllegalStateException("run(k) needs a serving circle (Spec.serving())");
        }
        if (k <= run) {
            throw new IllegalArgumentException("runs must increase: run=" + k + " after " + run);
        }
        run = k;
        long start = System.nanoTime();
        inboxes.broadcast(new Message(BogatyrLayout.KIND_START, listener, k, 0, 0, start), addresses);
        return listenRun(k, start, null);
    }

    private Outcome listenRun(int k, long start, Listener l) throws IOException {
        int n = spec.count();
        Text text = spec.text();
        int[] lastDraw = new int[n + 1];
        int[] place = new int[n + 1];
        Arrays.fill(lastDraw, -1);
        Arrays.fill(place, -1);
        int[] agreed = {0};
        long[] agreementNs = {-1};
        List<Heard> heard = new ArrayList<>(text.length());
        String[] wrong = {null};
        long lastProgress = System.nanoTime();
        long lastCheck = lastProgress;
        while (heard.size() < text.length()) {
            int got = inboxes.receive(m -> {
                if (m.run() != k || m.from() < 0 || m.from() > n || m.from() == listener) {
                    return;
                }
                switch (m.kind()) {
                    case BogatyrLayout.KIND_DRAW -> lastDraw[m.from()] = Math.max(lastDraw[m.from()], m.round());
                    case BogatyrLayout.KIND_AGREED -> {
                        if (place[m.from()] < 0 && ++agreed[0] == n) {
                            agreementNs[0] = System.nanoTime() - start;
                        }
                        place[m.from()] = m.round();
                    }
                    case BogatyrLayout.KIND_LETTER -> {
                        int p = heard.size();
                        if (p >= text.length() || m.round() != p || m.value() != text.codePoints()[p]) {
                            wrong[0] = "heard " + Text.letter(m.value()) + " at position " + m.round() + " from address "
                                    + m.from() + " where letter " + (p + 1) + " of the text is "
                                    + (p < text.length() ? Text.letter(text.codePoints()[p]) : "past its end");
                            return;
                        }
                        Heard h = new Heard(m.from(), byAddress[m.from()].pid(), p, (int) m.value(), System.nanoTime() - start);
                        heard.add(h);
                        if (l != null) {
                            l.heard(h);
                        }
                    }
                    default -> { }
                }
            }, CHECK_NANOS);
            if (wrong[0] != null) {
                killAll(children);
                throw new IOException("the text came out wrong: " + wrong[0]);
            }
            long now = System.nanoTime();
            if (got > 0) {
                lastProgress = now;
            }
            if (got == 0 || now - lastCheck >= CHECK_NANOS) {
                lastCheck = now;
                checkAlive(lastDraw, place, heard.size());
                if (now - lastProgress > spec.timeoutNanos()) {
                    killAll(children);
                    throw new IOException("the bogatyrs stalled: no message for " + spec.timeoutNanos() / 1_000_000_000L
                            + " s, at letter " + (heard.size() + 1) + " of " + text.length() + " (" + agreed[0] + " of " + n
                            + " had agreed); all were stopped");
                }
            }
        }
        int rounds = Arrays.stream(lastDraw).max().orElse(-1) + 1;
        return new Outcome(List.copyOf(heard), text.value(), agreementNs[0], heard.get(heard.size() - 1).atNs(), rounds);
    }

    /** Throws, having stopped every other bogatyr, if one has ended before the text did. */
    private void checkAlive(int[] lastDraw, int[] place, int next) throws IOException {
        int victim = -1;
        boolean anyEnded = false;
        for (int a = 0; a < byAddress.length; a++) {
            ChildProcess c = byAddress[a];
            if (c == null) {
                continue;
            }
            ExitStatus s = c.poll();
            if (s == null || (s.exited() && s.exitCode() == 0)) {
                continue;
            }
            anyEnded = true;
            // One that stopped because a peer's inbox closed (EPIPE) is a consequence: name the cause.
            if (victim < 0 || (isConsequence(byAddress[victim].poll()) && !isConsequence(s))) {
                victim = a;
            }
        }
        if (!anyEnded) {
            return;
        }
        killAll(children);
        ChildProcess c = byAddress[victim];
        throw new BogatyrDiedException("bogatyr at address " + victim + " (pid " + c.pid() + ") " + c.poll() + " in stage "
                + stage(victim, lastDraw, place, next) + "; the other " + (children.size() - 1)
                + " were stopped");
    }

    private static boolean isConsequence(ExitStatus s) {
        return s != null && s.exited() && s.exitCode() == BogatyrLayout.EXIT_PEER_GONE;
    }

    /** What the parent last heard of the bogatyr at {@code a}: "draw: ...", "agreement: ...", "speaking: ...". */
    private String stage(int a, int[] lastDraw, int[] place, int next) {
        Text text = spec.text();
        if (lastDraw[a] < 0) {
            return "draw: no draw of it was heard";
        }
        if (place[a] < 0) {
            return "agreement: it drew in round" + (lastDraw[a] == 0 ? " 0" : "s 0.." + lastDraw[a]) + " but had not agreed";
        }
        if (next >= text.length()) {
            return "speaking: after the last letter";
        }
        String at = "letter " + (next + 1) + " of " + text.length() + ", '" + Text.letter(text.codePoints()[next]) + "'";
        if (text.placeOf(next) == place[a]) {
            return "speaking: place " + place[a] + ", its turn to say " + at;
        }
        return "speaking: place " + place[a] + (place[a] < text.distinct()
                ? " (owner of '" + Text.letter(text.letters().get(place[a])) + "')" : " (owning no letter)")
                + ", waiting for " + at;
    }

    private static void killAll(List<ChildProcess> children) {
        for (ChildProcess c : children) {
            try {
                c.signal(Signal.SIGKILL);
            } catch (SyscallException gone) {
                // already ended: reaped below
            }
        }
        for (ChildProcess c : children) {
            try {
                c.kill();
            } catch (SyscallException ignored) {
                // ECHILD: reaped already
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            killAll(children);
        } finally {
            inboxes.close();
        }
    }
}
