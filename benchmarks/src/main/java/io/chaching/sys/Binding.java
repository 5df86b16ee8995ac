package io.chaching.sys;

import java.util.List;

/**
 * Which binding makes the hot path's system calls ({@link NativeCalls}) in this JVM: {@code jna}
 * (the default) or {@code ffm} (java.lang.foreign downcalls, JDK 22 and later, in a build made
 * with such a JDK). Chosen once a JVM, by the system property {@value #PROPERTY} or by
 * {@link #use} before the first such call; fixed from then on, so the JIT sees one
 * implementation behind a static final field.
 */
public final class Binding {
    public static final String PROPERTY = "chaching.binding";
    public static final String JNA = "jna";
    public static final String FFM = "ffm";
    /** In the order @Param and --help list them: the default first. */
    public static final List<String> NAMES = List.of(JNA, FFM);
    /** The first JDK whose java.lang.foreign is final (JEP 454). */
    public static final int FFM_JDK = 22;
    static final String FFM_CLASS = "io.chaching.sys.FfmCalls";

    /** The binding the hot path took when its holder was initialized; null before. */
    private static String fixed;

    private Binding() {
    }

    /**
     * Why {@code name} cannot be this JVM's binding, in one line naming the value and what is
     * allowed, or null when it can.
     */
    public static String problem(String name) {
        if (!NAMES.contains(name)) {
            return "binding must be one of " + String.join(", ", NAMES) + ": binding=" + name;
        }
        if (name.equals(FFM)) {
            int feature = Runtime.version().feature();
            if (feature < FFM_JDK) {
                return "binding=ffm needs JDK " + FFM_JDK + " or later (java.lang.foreign downcalls): this is JDK "
                        + Runtime.version() + " (" + System.getProperty("java.home") + ")";
            }
            if (Binding.class.getClassLoader().getResource(FFM_CLASS.replace('.', '/') + ".class") == null) {
                return "binding=ffm: this build has no FFM classes (it was compiled with a JDK before " + FFM_JDK
                        + "); rebuild with JDK " + FFM_JDK + "+, e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"
                        + " mvn -B package -DskipTests";
            }
        }
        return null;
    }

    /** Whether binding=ffm can run here: JDK 22+ and a build that has the FFM classes. */
    public static boolean ffmAvailable() {
        return problem(FFM) == null;
    }

    /**
     * Makes {@code name} this JVM's binding: an IllegalArgumentException with {@link #problem}'s
     * line if it cannot be, an IllegalStateException if the hot path has already been bound to
     * another one (a call made before this).
     */
    public static synchronized void use(String name) {
        String why = problem(name);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        if (fixed != null && !fixed.equals(name)) {
            throw new IllegalStateException("binding=" + name + " asked after this JVM's hot path was bound to binding="
                    + fixed + " (a system call came first)");
        }
        System.setProperty(PROPERTY, name);
    }

    /** The binding the hot path is bound to, or null before its first call. */
    public static synchronized String inUse() {
        return fixed;
    }

    /** For {@link HotCalls}'s initializer: the chosen binding's calls, fixed from now on. */
    static synchronized NativeCalls load() {
        String name = System.getProperty(PROPERTY, JNA);
        String why = problem(name);
        if (why != null) {
            throw new IllegalArgumentException(why + " (from -D" + PROPERTY + ")");
        }
        NativeCalls calls;
        if (name.equals(FFM)) {
            try {
                calls = (NativeCalls) Class.forName(FFM_CLASS).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("binding=ffm: " + FFM_CLASS + " did not load: " + e, e);
            }
        } else {
            calls = new JnaCalls();
        }
        fixed = name;
        return calls;
    }
}
