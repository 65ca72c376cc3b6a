package io.csgate.gateway.replica;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The thread that owns the replicated model: work given here runs between two applied events. */
public interface StateThread {
    <T> CompletableFuture<T> call(Supplier<T> work);
}
