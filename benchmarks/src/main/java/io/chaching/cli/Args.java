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
            throw refuse(e);
        }
    }

    /** A cli command's {@link Spec.Refusal}: bad input thrown as a UsageException, for {@link Main#exit} to print. */
    static int refused(Spec.BadArguments e) {
        throw refuse(e);
    }

    private static UsageException refuse(Spec.BadArguments e) {
        return new UsageException(e.getMessage());
    }
}
