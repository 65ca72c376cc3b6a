package io.csgate.gateway.replica;

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
        public boolean delivering() {
            return false;
        }
    };

    /** So much waits for delivery that no more events should be applied until it shrinks. */
    boolean behind();

    /**
     * What is applied may have to be delivered (there are sockets): keep few events ahead, so that
     * what is applied before {@link #behind} turns true stays small.
     */
    boolean delivering();
}
