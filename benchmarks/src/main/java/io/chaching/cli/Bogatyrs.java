package io.chaching.cli;

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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bogatyrs}: the 33 bogatyrs. Spawns N native bogatyrs that agree with no conductor who
 * says which letter, then speak the text; prints each letter as the parent hears it, then the
 * text. Exit 0 only if the text came out right.
 */
public final class Bogatyrs {
    static final String PROGRAM = "bogatyrs";
    static final String USAGE = """
            usage: bogatyrs [--count N] [--text T] [--transport pipe|shm] [--seed S] [--chaos] [--timeout SECONDS]
              --count      1..1024 bogatyr processes (default 33)
              --text       what they say, any UTF-8 with at most N distinct letters (default А to Я with Ё, 33 letters)
              --transport  pipe (one pipe per inbox) or shm (one shared-memory ring per inbox) (default pipe)
              --seed       0..2^63-1: shuffles the inbox addresses and makes the draws repeatable (default random)
              --chaos      random sleeps and yields at every step of every bogatyr (seeded by --seed)
              --timeout    seconds without a message before the run fails, 1..3600 (default 60)
            """;

    private Bogatyrs() {
    }

    public static void main(String[] argv) {
        // The letters are not ASCII: UTF-8 whatever the locale says.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Main.exit(PROGRAM, () -> run(argv, out));
    }

    private static final Set<String> VALUED = Set.of("count", "text", "transport", "seed", "timeout", "draw-bits", "die-at");
    private static final Set<String> FLAGS = Set.of("chaos", "help");

    /** The checked command line: a spec, or a UsageException with one line saying what is wrong. */
    static Circle.Spec parse(String[] argv) {
        Args a = Args.parse(argv, VALUED, FLAGS);
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument: " + a.positional().get(0));
        }
        int count = (int) a.integer("count", 33, BogatyrLayout.MIN_BOGATYRS, BogatyrLayout.MAX_BOGATYRS);
        Transport transport = Transport.of(a.choice("transport", "pipe", Transport.NAMES));
        OptionalLong seed = a.has("seed") ? OptionalLong.of(a.integer("seed", 0, 0, Long.MAX_VALUE)) : OptionalLong.empty();
        long timeoutSeconds = a.integer("timeout", 60, 1, 3600);
        // hidden, for the tests: a tiny draw space forces collisions; --die-at kills one bogatyr mid-protocol
        int drawBits = (int) a.integer("draw-bits", 64, 1, 64);
        String dieAt = a.has("die-at") ? a.choice("die-at", null, List.of("draw", "agreement", "speaking")) : null;
        String given = a.string("text", Text.RUSSIAN_ALPHABET);
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
        return new Circle.Spec(count, text, transport, seed, a.has("chaos"), drawBits, dieAt, false,
                timeoutSeconds * 1_000_000_000L);
    }

    /** --help as an option, not as the value of another ({@code --text --help} speaks "--help"). */
    static boolean wantsHelp(String[] argv) {
        try {
            return Args.parse(argv, VALUED, FLAGS).has("help");
        } catch (UsageException e) {
            return false; // parse() says what is wrong
        }
    }

    static int run(String[] argv, PrintStream out) throws IOException {
        if (wantsHelp(argv)) {
            out.print(USAGE);
            return 0;
        }
        Circle.Spec spec = parse(argv);
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
