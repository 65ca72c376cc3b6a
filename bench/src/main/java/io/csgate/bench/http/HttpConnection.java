package io.csgate.bench.http;

import io.csgate.bench.run.Target;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection: a request, then its whole answer (Content-Length or
 * chunked). Not thread-safe: one user at a time, which {@link HttpPool} ensures. Reconnects once
 * when a kept-alive socket turns out closed before any answer byte.
 */
public final class HttpConnection implements AutoCloseable {

    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final Target target;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private boolean closeAfter;

    public HttpConnection(Target target) {
        this.target = target;
    }

    /**
     * Sends one request and reads the answer.
     *
     * @param headers extra header lines, each {@code "Name: value"}
     * @param timeoutMillis bound for connecting and for each read
     */
    public HttpResponse exchange(String method, String path, String[] headers, byte[] body, int timeoutMillis)
            throws IOException {
        boolean fresh = socket == null;
        try {
            return once(method, path, headers, body, timeoutMillis);
        } catch (EOFException e) {
            close();
            if (fresh) {
                throw e;
            }
            return once(method, path, headers, body, timeoutMillis);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Connects now unless connected: a pool opened before the server gets busy keeps its connections. */
    public void open(int timeoutMillis) throws IOException {
        if (socket == null) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(target.socketAddress(), timeoutMillis);
            socket = s;
            out = s.getOutputStream();
            in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        }
    }

    private HttpResponse once(String method, String path, String[] headers, byte[] body, int timeoutMillis)
            throws IOException {
        open(timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.hostHeader()).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body != null && headBytes.length + body.length <= 64 * 1024) {
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all);
        } else {
            out.write(headBytes);
            if (body != null) {
                out.write(body);
            }
        }
        out.flush();
        HttpResponse r = readResponse();
        if (closeAfter) {
            close();
        }
        return r;
    }

    private HttpResponse readResponse() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        closeAfter = status.startsWith("HTTP/1.0");
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunked();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("answer body cut short");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        return new HttpResponse(code, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return b.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("chunk cut short");
            }
            b.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new IOException("answer header line longer than " + MAX_HEADER_LINE);
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        socket = null;
        out = null;
        in = null;
    }
}
