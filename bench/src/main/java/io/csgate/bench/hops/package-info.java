/**
 * The {@code hops} command: reads a JDK Flight Recorder file recorded from a gateway with its
 * {@code csgate.Hop} and {@code csgate.LaneDrain} events on, and accounts for each hop of the
 * publish path (REST body → publisher → producer → broker → reader → state thread → answer, and the
 * IO lanes' wake-up and write).
 */
package io.csgate.bench.hops;
