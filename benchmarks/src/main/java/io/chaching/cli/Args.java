package io.chaching.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place command-line values are parsed and range-checked. Options are
 * {@code --name value} or {@code --name=value}; every error names the option, the value given
 * and what is allowed.
 */
public final class Args {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /** Splits argv; {@code flags} are the options that take no value, {@code valued} the ones that do. */
    public static Args parse(String[] argv, Set<String> valued, Set<String> flags) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (flags.contains(name) && eq < 0) {
                    a.options.put(name, "true");
                } else if (valued.contains(name)) {
                    String value;
                    if (eq >= 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < argv.length) {
                        value = argv[++i];
                    } else {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    if (a.options.containsKey(name)) {
                        throw new UsageException("--" + name + " given twice");
                    }
                    a.options.put(name, value);
                } else {
                    throw new UsageException("unknown option: " + arg);
                }
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public String string(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    public List<String> positional() {
        return positional;
    }

    /** An integer option in {@code min..max}. */
    public long integer(String name, long dflt, long min, long max) {
        String v = options.get(name);
        return v == null ? dflt : integer("--" + name, v, min, max);
    }

    /** Parses {@code value} as an integer in {@code min..max}, or a UsageException naming {@code what}. */
    public static long integer(String what, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be an integer in " + min + ".." + max + ", not '" + value + "'");
        }
        if (v < min || v > max) {
            throw new UsageException(what + " must be in " + min + ".." + max + ": " + what + "=" + v);
        }
        return v;
    }

    /** A value that must be one of {@code allowed}. */
    public String choice(String name, String dflt, List<String> allowed) {
        String v = options.getOrDefault(name, dflt);
        if (!allowed.contains(v)) {
            throw new UsageException("--" + name + " must be one of " + String.join(", ", allowed) + ": --" + name + "=" + v);
        }
        return v;
    }
}
