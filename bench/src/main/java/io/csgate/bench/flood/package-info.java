/**
 * Half-open connections, as an attacker holds them: worker processes each open many sockets that
 * send the first lines of a websocket upgrade and then nothing ({@link io.csgate.bench.flood.HalfOpenFlood}),
 * so a scenario can measure what the gateway still delivers while its connection cap is full.
 */
package io.csgate.bench.flood;
