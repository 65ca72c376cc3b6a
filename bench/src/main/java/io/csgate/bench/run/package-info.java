/**
 * What keeps every run bounded: the global {@link io.csgate.bench.run.Deadline}, the hard caps of
 * {@link io.csgate.bench.run.Limits}, the loopback-only {@link io.csgate.bench.run.Target} and the
 * {@link io.csgate.bench.run.Watchdog} that stops a run which overstays its deadline.
 */
package io.csgate.bench.run;
