package io.csgate.gateway.log;

/**
 * How far the transport is behind in delivering what was applied; the log reader holds back on
 * it ({@link Applier#holdBackWhile}). Called on the reader thread; must be cheap and thread-safe.
 */
public interface Backpressure {

    /** Nothing ever waits. */
    Backpressure NONE = new Backpressure() {
        @Override
        public boolean behind() {
            return false;
        }

        @Override
        public boolean busy() {
            return false;
        }
    };

    /** So much waits for delivery that no more events should be applied until it shrinks. */
    boolean behind();

    /** Something waits for delivery: keep few events ahead of it. */
    boolean busy();
}
