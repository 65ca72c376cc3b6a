/**
 * The {@code ingest} subcommands: one event from flags ({@code publish}, {@code edit},
 * {@code delete}, {@code user-state}, {@code channel-config}), built as the REST body of the same
 * call and produced through {@link io.csgate.ingest.command.SingleEvent}; and {@code send}, JSON
 * lines from a file or stdin. Every command is a {@code Callable<Integer>} returning an
 * {@link io.csgate.ingest.ExitCode}, writes only through picocli's out/err, and shares the
 * connection options as a mixin.
 */
package io.csgate.ingest.command;
