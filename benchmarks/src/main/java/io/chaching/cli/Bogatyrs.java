package io.chaching.cli;

import io.chaching.args.Spec;
import io.chaching.bogatyrs.BogatyrLayout;
import io.chaching.bogatyrs.Circle;
import io.chaching.bogatyrs.Text;
import io.chaching.bogatyrs.Transport;
import io.chaching.sys.FdLimit;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * {@code bogatyrs}: the 33 bogatyrs. Spawns N native bogatyrs that agree with no conductor who
 * says which letter, then speak the text; prints each letter as the parent hears it, then the
 * text. Exit 0 only if the text came out right.
 */
public final class Bogatyrs {
    static final String PROGRAM = "bogatyrs";
    static final Spec SPEC = new Spec(PROGRAM,
            "[--count N] [--text T] [--transport pipe|shm] [--seed S] [--chaos] [--timeout SECONDS]")
            .option("count", "N", Spec.Kind.integer(BogatyrLayout.MIN_BOGATYRS, BogatyrLayout.MAX_BOGATYRS), 33L,
                    "bogatyr processes")
            .option("text", "T", Spec.Kind.text(), Text.RUSSIAN_ALPHABET,
                    "what they say, any UTF-8 with at most N distinct letters (default А to Я with Ё, 33 letters)")
            .option("transport", String.join("|", Transport.NAMES), Spec.Kind.oneOf(Transport.NAMES), "pipe",
                    "pipe (one pipe per inbox) or shm (one shared-memory ring per inbox)")
            .option("seed", "S", Spec.Kind.integer(0, Long.MAX_VALUE), null,
                    "shuffles the inbox addresses and makes the draws repeatable (default random)")
            .flag("chaos", "random sleeps and yields at every step of every bogatyr (seeded by --seed)")
            .option("timeout", "SECONDS", Spec.Kind.integer(1, 3600), 60L, "seconds without a message before the run fails")
            // hidden, for the tests: a tiny draw space forces collisions; --die-at kills one bogatyr mid-protocol
            .option("draw-bits", "B", Spec.Kind.integer(1, 64), 64L, null)
            .option("die-at", "STAGE", Spec.Kind.oneOf(List.of("draw", "agreement", "speaking")), null, null);

    private Bogatyrs() {
    }

    public static void main(String[] argv) {
        // The letters are not ASCII: UTF-8 whatever the locale says.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Main.exit(PROGRAM, () -> run(argv, out));
    }

    /** The checked command line: a spec, or a UsageException with one line saying what is wrong. */
    static Circle.Spec parse(String[] argv) {
        return spec(Args.parse(SPEC, argv));
    }

    private static Circle.Spec spec(Spec.Parsed a) {
        int count = (int) a.integer("count");
        Transport transport = Transport.of(a.string("transport"));
        OptionalLong seed = a.has("seed") ? OptionalLong.of(a.integer("seed")) : OptionalLong.empty();
        long timeoutSeconds = a.integer("timeout");
        int drawBits = (int) a.integer("draw-bits");
        String dieAt = a.string("die-at");
        String given = a.string("text");
        if (given.indexOf('\uFFFD') >= 0) {
            // the JVM decodes argv with the locale's charset and turns bytes it cannot decode into U+FFFD
            throw new UsageException("--text must be valid UTF-8: character " + (given.indexOf('\uFFFD') + 1)
                    + " could not be decoded (read as " + System.getProperty("sun.jnu.encoding", "?") + ")");
        }
        Text text = Text.of(given);
        if (text.length() == 0) {
            throw new UsageException("--text must not be empty");
        }
        if (text.length() > Text.MAX_LENGTH) {
            throw new UsageException("--text must be at most " + Text.MAX_LENGTH + " characters: " + text.length() + " given");
        }
        if (text.distinct() > count) {
            String which = a.has("text") ? "--text has " + text.distinct() + " distinct letters"
                    : "the default text (А to Я) has 33 distinct letters";
            throw new UsageException(which + " but there are " + count + " bogatyrs: every distinct letter needs its own "
                    + "bogatyr (raise --count to " + text.distinct() + " or give a --text with at most " + count
                    + " distinct letters)");
        }
        return new Circle.Spec(count, text, transport, seed, a.flag("chaos"), drawBits, dieAt, false,
                timeoutSeconds * 1_000_000_000L);
    }

    static int run(String[] argv, PrintStream out) throws IOException {
        // --help as an option, not as a value: --text --help speaks "--help"
        return SPEC.run(argv, out, Args::refused, a -> run(spec(a), out));
    }

    private static int run(Circle.Spec spec, PrintStream out) throws IOException {
        if (spec.transport() == Transport.PIPE) {
            // every inbox's two pipe ends, numbered above the fds a bogatyr gets (4 + N), and the JVM's own
            Bytecoin.checkDescriptors("--count " + spec.count(),
                    FdLimit.openNow() + BogatyrLayout.PEER_FD_BASE + 3L * (spec.count() + 1) + 64);
        }
        Circle.Outcome o;
        try (Circle circle = Circle.spawn(spec)) {
            o = circle.listen(h -> out.printf("%10.3f ms  bogatyr at address %d (pid %d) says '%s'%n", h.atNs() / 1e6,
                    h.address(), h.pid(), h.letter()));
        }
        String heard = o.letters().stream().map(Circle.Heard::letter).collect(Collectors.joining());
        out.println(heard);
        if (!heard.equals(spec.text().value())) {
            throw new IOException("the text came out wrong: heard '" + heard + "', expected '" + spec.text().value() + "'");
        }
        out.printf("%d bogatyr%s over %s agreed after %d draw round%s at %.3f ms; the last letter at %.3f ms "
                        + "(times since the first spawn)%n", spec.count(), spec.count() == 1 ? "" : "s",
                spec.transport().label(), o.drawRounds(),
                o.drawRounds() == 1 ? "" : "s", o.agreementNs() / 1e6, o.lastLetterNs() / 1e6);
        return 0;
    }
}
