package io.chaching.report;

/**
 * A section the report is handed from above rather than writing itself: the gate's verdicts,
 * whose package builds on this one ({@code io.chaching.gate} judges with {@link Judge}; the
 * report never imports it).
 */
public interface Section {
    /** The anchor the navigation links to. */
    String id();

    /** The navigation's words for it. */
    String nav();

    /** Writes the section, its heading first. */
    void write(Html h);
}
