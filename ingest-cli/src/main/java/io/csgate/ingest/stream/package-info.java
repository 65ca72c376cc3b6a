/**
 * The {@code send} pipeline: {@link io.csgate.ingest.stream.Streamer} reads JSON lines, validates,
 * paces ({@link io.csgate.ingest.stream.Pacer}), batches and hands records to an
 * {@link io.csgate.ingest.kafka.EventSink}, reporting invalid lines and progress
 * ({@link io.csgate.ingest.stream.Progress}). One thread runs the loop; acknowledgements are
 * counted on the producer's thread and never waited for per record.
 */
package io.csgate.ingest.stream;
