package io.chaching.sys;

/**
 * The holder of this JVM's {@link NativeCalls}: initialized by the first hot-path call, which
 * fixes the {@link Binding}. A static final, so the JIT treats the binding as a constant.
 */
final class HotCalls {
    static final NativeCalls CALLS = Binding.load();

    private HotCalls() {
    }
}
