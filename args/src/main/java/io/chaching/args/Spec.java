package io.chaching.args;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One command's arguments, declared once: its options and positional arguments, each with the
 * values it allows and its default. From the declaration come the parsing, every error message
 * and the usage {@code --help} prints, so no command reads its argv by hand.
 *
 * <p>The rules, the same for every command and the same as the C parent's {@code getopt_long}:
 * {@code --name=value} and {@code --name value}; {@code --help} and {@code -h} anywhere ask for
 * the usage (unless they are another option's value); {@code --} ends the options; an option
 * given twice, an unknown option, a flag given a value, or a value-taking option followed by
 * nothing or by another option ({@code --out --seed 3}) is refused. Only an option declared
 * {@link Kind#text() verbatim} takes a next argument that starts with {@code --} as its value
 * ({@code bogatyrs --text --help} says "--help"). Anything else, {@code -5} too, is a positional
 * argument. Integers are ASCII digits with an optional minus sign, nothing else (no {@code +}, no
 * space, no full-width digit): what the C side accepts.
 *
 * <p>Bad input is a {@link BadArguments} whose message is the one line the user sees after the
 * program's name: it names the option (or argument) and the value given, and says what is allowed.
 * Every command starts the same way, through {@link #run}: {@code --help} prints the usage and
 * gives 0, bad input that one line and 2, and only a line that reads runs the command.
 */
public final class Spec {
    /** Bad command-line input: one line for the user (the program's name goes before it). */
    public static final class BadArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadArguments(String message) {
            super(message);
        }
    }

    /** Turns a value as typed into what the command uses, or throws {@link BadArguments} naming {@code what} ("--miners", "ZEROS"). */
    @FunctionalInterface
    public interface Check<T> {
        T convert(String what, String value);
    }

    /** What an option's value may be: its check, how usage describes it, and for integers the range (else min > max). */
    public static final class Kind<T> {
        private final Check<T> check;
        private final String allowed;
        private final boolean verbatim;
        private final long min;
        private final long max;

        private Kind(Check<T> check, String allowed, boolean verbatim, long min, long max) {
            this.check = check;
            this.allowed = allowed;
            this.verbatim = verbatim;
            this.min = min;
            this.max = max;
        }

        /** An integer in {@code min..max}, ASCII digits only. */
        public static Kind<Long> integer(long min, long max) {
            String allowed = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "any integer" : min + ".." + max;
            return new Kind<>((what, v) -> Spec.integer(what, v, min, max), allowed, false, min, max);
        }

        /** One of {@code names}. */
        public static Kind<String> oneOf(List<String> names) {
            List<String> copy = List.copyOf(names);
            return new Kind<>((what, v) -> {
                if (!copy.contains(v)) {
                    throw new BadArguments(what + " must be one of " + String.join(", ", copy) + ": " + what + "=" + v);
                }
                return v;
            }, String.join("|", copy), false, 1, 0);
        }

        /** A file or directory name, as given (empty too: the command says what that means). */
        public static Kind<String> path() {
            return new Kind<>((what, v) -> v, null, false, 1, 0);
        }

        /** Any text at all, even one that starts with {@code --}. */
        public static Kind<String> text() {
            return new Kind<>((what, v) -> v, null, true, 1, 0);
        }

        /** A java.util.regex pattern; a malformed one is named with its error, in one line. */
        public static Kind<Pattern> regex() {
            return new Kind<>((what, v) -> {
                try {
                    return Pattern.compile(v);
                } catch (PatternSyntaxException e) {
                    throw new BadArguments(what + " must be a regular expression: " + what + "=" + v + " ("
                            + e.getDescription() + " near index " + e.getIndex() + ")");
                }
            }, "REGEX", false, 1, 0);
        }

        /** Anything else: {@code check} converts and refuses; {@code allowed} is what usage says (may be null). */
        public static <T> Kind<T> of(String allowed, Check<T> check) {
            return new Kind<>(check, allowed, false, 1, 0);
        }

        /** Whether this is an {@link #integer} kind; then {@link #min()} and {@link #max()} are its range. */
        public boolean isInteger() {
            return min <= max;
        }

        public long min() {
            return min;
        }

        public long max() {
            return max;
        }

        public String allowed() {
            return allowed;
        }
    }

    /** One declared option or positional argument (a flag has no kind). */
    public record Option(String name, String metavar, Kind<?> kind, Object dflt, String help) {
        public boolean flag() {
            return kind == null;
        }

        /** How messages and usage name it: {@code --name}, or a positional's NAME. */
        public String what(boolean positional) {
            return positional ? name : "--" + name;
        }
    }

    private final String program;
    private final String synopsis;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<Option> positionals = new ArrayList<>();
    private String epilogue = "";

    /** {@code synopsis} is what follows "usage: PROGRAM " on the usage's first line. */
    public Spec(String program, String synopsis) {
        this.program = program;
        this.synopsis = synopsis;
    }

    /** An option that takes a value of {@code kind}; {@code dflt} is used when it is not given (may be null). */
    public <T> Spec option(String name, String metavar, Kind<T> kind, T dflt, String help) {
        if (options.put(name, new Option(name, metavar, kind, dflt, help)) != null || name.equals("help")) {
            throw new IllegalArgumentException("--" + name + " declared twice");
        }
        return this;
    }

    /** An option with no value: present or not. */
    public Spec flag(String name, String help) {
        if (options.put(name, new Option(name, null, null, Boolean.FALSE, help)) != null || name.equals("help")) {
            throw new IllegalArgumentException("--" + name + " declared twice");
        }
        return this;
    }

    /** A positional argument, required, in declaration order. */
    public <T> Spec positional(String name, Kind<T> kind, String help) {
        positionals.add(new Option(name, name, kind, null, help));
        return this;
    }

    /** Lines usage prints after the options. */
    public Spec epilogue(String text) {
        this.epilogue = text;
        return this;
    }

    public String program() {
        return program;
    }

    /** The declared options, in declaration order. */
    public List<Option> options() {
        return List.copyOf(options.values());
    }

    /** The usage's first line: {@code usage: PROGRAM SYNOPSIS}. */
    public String synopsis() {
        return "usage: " + program + " " + synopsis;
    }

    /** What {@code --help} prints: the synopsis, one line per argument and option (hidden ones, with no help, left out), the epilogue. */
    public String usage() {
        List<String[]> rows = new ArrayList<>();
        for (Option p : positionals) {
            rows.add(new String[] {p.name(), describe(p)});
        }
        for (Option o : options.values()) {
            if (o.help() != null) {
                rows.add(new String[] {"--" + o.name() + (o.flag() ? "" : " " + o.metavar()), describe(o)});
            }
        }
        rows.add(new String[] {"-h, --help", "print this and exit"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder s = new StringBuilder(synopsis()).append('\n');
        for (String[] r : rows) {
            s.append("  ").append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
        if (!epilogue.isEmpty()) {
            s.append(epilogue.endsWith("\n") ? epilogue : epilogue + "\n");
        }
        return s.toString();
    }

    /** An option's line: its help, then what it allows (unless its metavar or help says it), then its default. */
    private static String describe(Option o) {
        String help = o.help();
        if (o.flag()) {
            return help;
        }
        int at = help.indexOf(" (default");
        String shownDefault = at >= 0 ? help.substring(at) : "";
        StringBuilder s = new StringBuilder(at >= 0 ? help.substring(0, at) : help);
        String allowed = o.kind().allowed();
        if (allowed != null && !help.contains(allowed) && !o.metavar().equals(allowed)) {
            s.append(", ").append(allowed);
        }
        Object d = o.dflt();
        if (at < 0 && d != null && !d.toString().isEmpty()) {
            shownDefault = " (default " + (d instanceof Pattern p && p.pattern().isEmpty() ? "all" : d) + ")";
        }
        return s.append(shownDefault).toString();
    }

    /** Reads {@code argv} by this spec: every value checked, or a {@link BadArguments} saying what is wrong. */
    public Parsed parse(String... argv) {
        Map<String, String> given = new LinkedHashMap<>();
        List<String> pos = new ArrayList<>();
        boolean help = false;
        boolean optionsEnd = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (optionsEnd || !a.startsWith("-") || a.equals("-")) {
                pos.add(a);
            } else if (a.equals("--")) {
                optionsEnd = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                help = true;
            } else if (!a.startsWith("--")) {
                pos.add(a); // -5: a value for a positional, which says what it wants
            } else {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                Option o = options.get(name);
                if (o == null) {
                    throw new BadArguments("unknown option: " + a);
                }
                String value;
                if (o.flag()) {
                    if (eq >= 0) {
                        throw new BadArguments("--" + name + " takes no value: " + a);
                    }
                    value = "true";
                } else if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < argv.length && (o.kind().verbatim || !looksLikeOption(argv[i + 1]))) {
                    value = argv[++i];
                } else {
                    throw new BadArguments("--" + name + " needs a value"
                            + (o.kind().allowed() != null ? " (" + o.kind().allowed() + ")" : " (" + o.metavar() + ")"));
                }
                if (given.containsKey(name)) {
                    throw new BadArguments("--" + name + " given twice");
                }
                given.put(name, value);
            }
        }
        if (help) {
            return new Parsed(true, Map.of(), Map.of());
        }
        if (positionals.isEmpty() && !pos.isEmpty()) {
            throw new BadArguments("unexpected argument: " + pos.get(0));
        }
        if (pos.size() != positionals.size()) {
            throw new BadArguments("expected " + positionals.size() + " argument" + (positionals.size() == 1 ? "" : "s")
                    + ", " + String.join(" and ", positionals.stream().map(Option::name).toList()) + ", got " + pos.size());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int k = 0; k < positionals.size(); k++) {
            Option p = positionals.get(k);
            values.put(p.name(), p.kind().check.convert(p.name(), pos.get(k)));
        }
        for (Option o : options.values()) {
            String v = given.get(o.name());
            if (v != null) {
                Object c = o.flag() ? Boolean.TRUE : o.kind().check.convert("--" + o.name(), v);
                values.put(o.name(), c == null ? o.dflt() : c);
            } else {
                values.put(o.name(), o.dflt());
            }
        }
        return new Parsed(false, given, values);
    }

    /** A command's work once its line is read: its exit status. */
    @FunctionalInterface
    public interface Command<X extends Exception> {
        int run(Parsed line) throws X;
    }

    /** What a command does with bad input: prints it and gives the exit status, or throws its own exception. */
    @FunctionalInterface
    public interface Refusal {
        int refuse(BadArguments e);
    }

    /**
     * Every command's prologue: {@code argv} read by this spec; with {@code --help}, the usage
     * printed to {@code out} and 0; on bad input, {@code PROGRAM: MESSAGE} printed to {@code err}
     * and 2; otherwise what {@code command} returns for the parsed line.
     */
    public <X extends Exception> int run(String[] argv, PrintStream out, PrintStream err, Command<X> command) throws X {
        return run(argv, out, e -> {
            err.println(program + ": " + e.getMessage());
            return 2;
        }, command);
    }

    /** The same prologue, bad input handed to {@code refusal} (a command whose caller prints usage errors). */
    public <X extends Exception> int run(String[] argv, PrintStream out, Refusal refusal, Command<X> command) throws X {
        Parsed p;
        try {
            p = parse(argv);
        } catch (BadArguments e) {
            return refusal.refuse(e);
        }
        if (p.help()) {
            out.print(usage());
            return 0;
        }
        return command.run(p);
    }

    /** For a {@code main} that exits: the parsed line, or the usage and exit 0, or the one-line error and exit 2. */
    public Parsed parseOrExit(String... argv) {
        Parsed[] line = new Parsed[1];
        int status = run(argv, System.out, System.err, a -> {
            line[0] = a;
            return 0;
        });
        if (line[0] == null) {
            System.out.flush();
            System.exit(status);
        }
        return line[0];
    }

    private static boolean looksLikeOption(String next) {
        return next.equals("-h") || (next.startsWith("--") && next.length() > 2);
    }

    /**
     * Parses {@code value} as an integer in {@code min..max}: ASCII digits with an optional minus
     * sign, or a BadArguments naming {@code what}, the value and the range.
     */
    public static long integer(String what, String value, long min, long max) {
        long v;
        try {
            if (!value.matches("-?[0-9]+")) {
                throw new NumberFormatException(value);
            }
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadArguments(what + " must be an integer in " + min + ".." + max + ", not '" + value + "'");
        }
        if (v < min || v > max) {
            throw new BadArguments(what + " must be in " + min + ".." + max + ": " + what + "=" + v);
        }
        return v;
    }

    /** A command line read by its spec. */
    public static final class Parsed {
        private final boolean help;
        private final Map<String, String> given;
        private final Map<String, Object> values;

        private Parsed(boolean help, Map<String, String> given, Map<String, Object> values) {
            this.help = help;
            this.given = Collections.unmodifiableMap(given);
            this.values = Collections.unmodifiableMap(values);
        }

        /** {@code --help} or {@code -h} was given: print the usage, exit 0, check nothing else. */
        public boolean help() {
            return help;
        }

        /** Whether the option was given on the command line (its default otherwise). */
        public boolean has(String name) {
            return given.containsKey(name);
        }

        /** The option's or positional's checked value, or its default. */
        @SuppressWarnings("unchecked")
        public <T> T get(String name) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no argument " + name + " declared");
            }
            return (T) values.get(name);
        }

        public long integer(String name) {
            Long v = get(name);
            return v;
        }

        public String string(String name) {
            return get(name);
        }

        public boolean flag(String name) {
            return Boolean.TRUE.equals(get(name));
        }
    }
}
