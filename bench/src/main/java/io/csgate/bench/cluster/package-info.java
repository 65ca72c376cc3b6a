/**
 * Spreading subscribers over processes. One process holds at most 15,000 sockets (the open-file
 * limit here is 20,000), so a {@link io.csgate.bench.cluster.Fleet} runs small fleets in process
 * and larger ones as worker JVMs ({@code java -cp <same classpath> io.csgate.bench.BenchMain worker
 * ...}), each a {@link io.csgate.bench.cluster.WorkerProcess} driven over stdin/stdout with the
 * line protocol of {@link io.csgate.bench.cluster.WorkerProtocol}. Snapshots, histograms included,
 * come back as JSON and are merged exactly.
 */
package io.csgate.bench.cluster;
