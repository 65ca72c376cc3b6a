package io.csgate.gateway.replica;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The thread that owns the replicated model (the applier's): work given here runs between two
 * applied events, in the order given, so it sees one consistent state and needs no locks.
 *
 * <p>Thread hop: the future of {@link #call} completes <em>on the state thread</em>, and a stage
 * added to it without an executor ({@code thenApply}, {@code whenComplete}, ...) runs there too,
 * between two events. Such a stage may only do what state work may do: short, never blocking.
 * Anything else names its executor (an IO thread's, the timer thread's).
 */
public interface StateThread {

    /** Runs {@code work} on the state thread; the future completes there, with its result or its exception. */
    <T> CompletableFuture<T> call(Supplier<T> work);
}
