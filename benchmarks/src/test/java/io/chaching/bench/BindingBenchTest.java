package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import io.chaching.Leaks;
import io.chaching.sys.Binding;
import io.chaching.sys.CallLoop;
import io.chaching.sys.Fd;
import io.chaching.sys.Mapping;
import io.chaching.sys.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;

/**
 * BindingBenchmark's calls, checked for behaviour (not speed): every call did what it should (EAGAIN,
 * 0 woken, 0 ready) through this JVM's binding and in C, each measured call left one sample of
 * positive nanoseconds a call, and nothing was left open. Also run bound to FFM (FfmBindingTest).
 */
class BindingBenchTest {
    private static final int INVOCATIONS = 3;

    /** The binding this JVM's hot path has or will have: jna in surefire's JVM, ffm in FfmBindingTest's. */
    private static String thisJvmsBinding() {
        return System.getProperty(Binding.PROPERTY, Binding.JNA);
    }

    @Test
    @Timeout(60)
    void everyCallBehavesInEveryParentAndLeavesOneSampleACallAndNothingOpen(@TempDir Path dir) throws Exception {
        String binding = thisJvmsBinding();
        String[] calls = BindingBenchmark.class.getField("call").getAnnotation(Param.class).value();
        assertEquals(CallLoop.CALLS, Arrays.asList(calls), "the @Param calls are cc_call_loop's kinds, in its order");
        // the C loop has no binding: binding=ffm has no parent=native (Trials.bind refuses it)
        List<String> parents = binding.equals(Binding.JNA) ? List.of("jvm", "native") : List.of("jvm");
        Leaks before = Leaks.snapshot();
        System.setProperty("chaching.bench.samples", dir.toString());
        try {
            for (String call : calls) {
                for (String parent : parents) {
                    String cell = call + "-" + parent;
                    System.setProperty("chaching.bench.cell", cell);
                    BindingBenchmark b = new BindingBenchmark();
                    b.call = call;
                    b.parent = parent;
                    b.binding = binding;
                    SampleLog.clear();
                    b.open();
                    try {
                        for (int i = 0; i < INVOCATIONS; i++) {
                            long r = b.calls();
                            if (parent.equals("native")) {
                                assertTrue(r > 0, cell + ": C's loop took " + r + " ns");
                            } else {
                                // each call's own result is checked inside; their sum says which they were
                                assertEquals(call.equals("read-eagain") ? Fd.AGAIN * BindingBenchmark.CALLS : 0, r, cell);
                            }
                        }
                    } finally {
                        b.close();
                    }
                    SampleLog.flush("io.chaching.bench.BindingBenchmark.calls", Map.of("call", call, "parent", parent));
                    List<Double> ns = new ArrayList<>();
                    for (String line : Files.readAllLines(dir.resolve(cell + ".csv"))) {
                        if (!line.startsWith("#") && !line.startsWith("iteration,")) {
                            String[] f = line.split(",");
                            assertEquals("op", f[2], line);
                            assertEquals("ns", f[3], line);
                            ns.add(Double.parseDouble(f[4]));
                        }
                    }
                    assertEquals(INVOCATIONS, ns.size(), cell + ": one sample a measured call: " + ns);
                    assertTrue(ns.stream().allMatch(v -> v > 0 && v < 1e6), cell + ": ns a call " + ns);
                    Leaks.assertNoLeaksSince(before);
                }
            }
        } finally {
            System.clearProperty("chaching.bench.samples");
            System.clearProperty("chaching.bench.cell");
        }
        assertEquals(binding, Binding.inUse(), "the JVM parent's calls went through this JVM's binding");
    }

    @Test
    @Timeout(60)
    void theCLoopSaysInOneLineWhichCallMisbehavedAndHow() throws Exception {
        Leaks before = Leaks.snapshot();
        try (Pipe pipe = Pipe.open(); Mapping word = Mapping.memfd("cha-ching-binding-test", 4096)) {
            pipe.readEnd.setNonBlocking(true);
            int fd = pipe.readEnd.fd();
            assertTrue(CallLoop.run("read-eagain", fd, word.address(), 10) > 0, "the empty pipe: EAGAIN, timed");
            Memory one = new Memory(1);
            one.setByte(0, (byte) 7);
            assertEquals(1, Fd.write(pipe.writeEnd.fd(), one, 1, () -> "write(test pipe)"));
            for (String call : List.of("poll-0", "read-eagain")) { // poll first: the read takes the byte
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> CallLoop.run(call, fd, word.address(), 10), call + " with a byte in the pipe");
                assertEquals("cc_call_loop(" + call + ", fd=" + fd + ", n=10): a call succeeded where it should not have"
                        + " (data, a waiter or a ready fd)", e.getMessage());
            }
            IllegalStateException bad = assertThrows(IllegalStateException.class,
                    () -> CallLoop.run("read-eagain", -1, word.address(), 10));
            assertEquals("cc_call_loop(read-eagain, fd=-1, n=10): a call failed, errno=9 (Bad file descriptor)",
                    bad.getMessage());
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                    () -> CallLoop.run("write", fd, word.address(), 10));
            assertEquals("call must be one of read-eagain, futex-wake, poll-0: call=write", name.getMessage());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> CallLoop.run("futex-wake", fd, word.address(), 0));
            assertTrue(none.getMessage().startsWith("cc_call_loop needs n >= 1 and a futex word: n=0"), none.getMessage());
        }
        Leaks.assertNoLeaksSince(before);
        BindingBenchmark b = new BindingBenchmark();
        b.call = "read-eagain";
        b.parent = "native";
        b.binding = Binding.FFM;
        IllegalArgumentException ffm = assertThrows(IllegalArgumentException.class, b::open);
        assertTrue(ffm.getMessage().startsWith("binding=ffm applies to parent=jvm only"), ffm.getMessage());
        Leaks.assertNoLeaksSince(before);
    }
}
