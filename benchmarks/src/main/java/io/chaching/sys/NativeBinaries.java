package io.chaching.sys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the native programs built by native/ are: {@code -Dchaching.native.dir}, else
 * {@code CHACHING_NATIVE_DIR}, else {@code native/target} of the repository this jar was built in.
 */
public final class NativeBinaries {
    private NativeBinaries() {
    }

    public static Path dir() {
        String dir = System.getProperty("chaching.native.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("CHACHING_NATIVE_DIR");
        }
        if (dir != null && !dir.isBlank()) {
            return Paths.get(dir);
        }
        try {
            // benchmarks/target/benchmarks.jar -> native/target
            Path jar = Paths.get(NativeBinaries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().resolve("native").resolve("target");
        } catch (Exception e) {
            return Paths.get("native", "target");
        }
    }

    /** An executable under bin/, or a {@link MissingBinaryException} saying how to build it. */
    public static Path program(String name) {
        return existing(dir().resolve("bin").resolve(name), name);
    }

    /** A shared library under lib/. */
    public static Path library(String name) {
        return existing(dir().resolve("lib").resolve(name), name);
    }

    private static Path existing(Path p, String name) {
        if (!Files.isRegularFile(p) || (p.getParent().getFileName().toString().equals("bin") && !Files.isExecutable(p))) {
            throw new MissingBinaryException("native " + name + " not found at " + p.toAbsolutePath()
                    + ": build it with `mvn -B -DskipTests package` (or point -Dchaching.native.dir / "
                    + "CHACHING_NATIVE_DIR at the directory holding bin/ and lib/)");
        }
        return p.toAbsolutePath();
    }

    /** A native program or library that is not where it should be. */
    public static final class MissingBinaryException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public MissingBinaryException(String message) {
            super(message);
        }
    }
}
