package io.chaching.bogatyrs;

import java.util.List;

/** How messages travel between inboxes: {@code pipe} (one pipe per inbox) or {@code shm} (one ring per inbox in a memfd). */
public enum Transport {
    PIPE, SHM;

    public static final List<String> NAMES = List.of("pipe", "shm");

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Transport of(String name) {
        return switch (name) {
            case "pipe" -> PIPE;
            case "shm" -> SHM;
            default -> throw new IllegalArgumentException("transport must be pipe or shm: transport=" + name);
        };
    }
}
