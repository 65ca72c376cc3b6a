/**
 * The reconnect storm ({@code bench storm}): clients on a gateway that is killed and on the gateways
 * that survive it, the victims' reconnection through {@code POST /connect}, and the probes that
 * watch the survivors meanwhile. In one process: the storm's few thousand sockets fit its open-file
 * limit.
 */
package io.csgate.bench.storm;
