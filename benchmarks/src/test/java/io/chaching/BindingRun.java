package io.chaching;

import io.chaching.sys.Binding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * {@code BindingRun BINDING CLASS...}: runs those test classes in this JVM with its hot path
 * bound to BINDING (a JVM binds once, so a test of another binding than the surefire JVM's needs
 * a JVM of its own). Prints {@code bound binding=B}, the failures, and
 * {@code tests found=N succeeded=N failed=N skipped=N aborted=N}; exits 1 if any failed.
 */
public final class BindingRun {
    private BindingRun() {
    }

    public static void main(String[] args) {
        Binding.use(args[0]);
        List<DiscoverySelector> classes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            classes.add(DiscoverySelectors.selectClass(args[i]));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(classes).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary s = listener.getSummary();
        s.printFailuresTo(new PrintWriter(System.out, true), 20);
        System.out.println("bound binding=" + Binding.inUse());
        System.out.println("tests found=" + s.getTestsFoundCount() + " succeeded=" + s.getTestsSucceededCount()
                + " failed=" + s.getTestsFailedCount() + " skipped=" + s.getTestsSkippedCount() + " aborted="
                + s.getTestsAbortedCount());
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
