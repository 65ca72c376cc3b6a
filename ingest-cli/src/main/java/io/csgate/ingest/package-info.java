/**
 * {@code ingest}: a command-line producer that validates Channelstream API bodies with the
 * gateway's own rules ({@link io.csgate.common.body.Bodies}), wraps them in signed event
 * envelopes and produces them straight to the events topic (docs/producers.md). The root
 * package wires the commands ({@link io.csgate.ingest.IngestMain}) and holds the contract every
 * command shares: exit codes and the one user-error exception.
 */
package io.csgate.ingest;
