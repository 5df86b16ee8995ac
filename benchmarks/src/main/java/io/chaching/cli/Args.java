package io.chaching.cli;

import io.chaching.args.Spec;

/**
 * Where the cli commands read their argv: by their {@link Spec}, a bad value becoming a
 * {@link UsageException} (one line, exit 2) like every other usage error of theirs.
 */
final class Args {
    private Args() {
    }

    static Spec.Parsed parse(Spec spec, String[] argv) {
        try {
            return spec.parse(argv);
        } catch (Spec.BadArguments e) {
            throw new UsageException(e.getMessage());
        }
    }
}
