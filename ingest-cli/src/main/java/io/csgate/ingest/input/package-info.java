/**
 * Reading JSON lines and turning them into record values: {@link io.csgate.ingest.input.LineReader}
 * (byte lines, numbered, with a hook before it would block), {@link io.csgate.ingest.input.LineParser}
 * (a message item or a full envelope, validated with the gateway's rules) and
 * {@link io.csgate.ingest.input.MessageBatch} (several items, in input order, in one
 * {@code message} envelope). Single-threaded: one reader thread owns all of them.
 */
package io.csgate.ingest.input;
