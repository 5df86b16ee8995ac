/**
 * The HTML report and the regression gate (issues 4 and 5). They read only JMH's JSON and the
 * per-coin trace files that {@code bytecoin --trace} and the benchmarks write, never the
 * benchmark classes, so a report can be made from results copied off another machine.
 */
package io.chaching.report;
