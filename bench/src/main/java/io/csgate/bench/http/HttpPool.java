package io.csgate.bench.http;

import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import io.csgate.bench.run.Target;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of {@link HttpConnection}s to one target, lent out one request at a time.
 * Thread-safe. Every wait (for a free connection, for connect, for each read) is bounded by the
 * request timeout and by the run's deadline.
 */
public final class HttpPool implements AutoCloseable {

    private final BlockingQueue<HttpConnection> idle;
    private final Duration requestTimeout;
    private final Deadline deadline;
    private final Target target;

    public HttpPool(Target target, int size, Duration requestTimeout, Deadline deadline) {
        this.target = target;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(new HttpConnection(target));
        }
        this.requestTimeout = requestTimeout;
        this.deadline = deadline;
    }

    public Target target() {
        return target;
    }

    public HttpResponse exchange(String method, String path, String[] headers, byte[] body)
            throws IOException, InterruptedException {
        HttpConnection c = idle.poll(deadline.cap(requestTimeout).toNanos(), TimeUnit.NANOSECONDS);
        if (c == null) {
            deadline.check("waiting for a free HTTP connection");
            throw new IOException("no free HTTP connection within " + requestTimeout.toMillis() + " ms");
        }
        try {
            if (deadline.expired()) {
                throw new DeadlineExceededException("deadline reached before " + method + " " + path);
            }
            return c.exchange(method, path, headers, body, deadline.capMillis(requestTimeout));
        } catch (SocketTimeoutException e) {
            // reads are cut at the deadline: say so rather than "timed out"
            deadline.check(method + " " + path + " was waiting for an answer");
            throw e;
        } finally {
            idle.add(c);
        }
    }

    /** Connects every idle connection now (see {@link HttpConnection#open}). */
    public void openAll() throws IOException {
        for (HttpConnection c : idle) {
            c.open(deadline.capMillis(requestTimeout));
        }
    }

    @Override
    public void close() {
        HttpConnection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
