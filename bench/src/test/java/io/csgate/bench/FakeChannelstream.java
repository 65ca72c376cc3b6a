package io.csgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.json.Json;
import io.csgate.common.sign.TimestampSigner;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Channelstream server for tests, one thread per socket: signed {@code /connect} and
 * {@code /message}, {@code /ws} (sends {@code []} on open, delivers a request's messages to the
 * sockets of their channel in one frame per channel, answers close), {@code /metrics},
 * {@code /readyz}, {@code /user_state} (answers {@code {}}). Messages carry a {@code position}
 * (their index in the fake's log); {@code /connect} with a {@code resume_from} it knows answers
 * {@code "resumed": true} and sends the later messages of the channel first, with
 * {@code "catchup": true}, when the socket opens.
 */
public final class FakeChannelstream implements AutoCloseable {

    private final ServerSocket server;
    private final TimestampSigner signer;
    private final Map<String, String> channelOf = new ConcurrentHashMap<>();
    private final Map<String, List<OutputStream>> sockets = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> log = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> resumeAfter = new ConcurrentHashMap<>();
    public final AtomicInteger wsOpened = new AtomicInteger();
    /** Websockets open now: what {@code csgate_sessions} reports. */
    public final AtomicInteger wsOpenNow = new AtomicInteger();
    public final AtomicInteger clientCloses = new AtomicInteger();
    public final AtomicInteger heartbeatsReceived = new AtomicInteger();
    /** Distinct users connected so far: what {@code csgate_users} reports. */
    public final java.util.Set<String> users = ConcurrentHashMap.newKeySet();

    /**
     * Runs one server in a process of its own (the storm test kills it): prints its URL on stdout,
     * then serves until killed. Arguments: the secret.
     */
    public static void main(String[] args) throws Exception {
        FakeChannelstream server = new FakeChannelstream(args[0]);
        System.out.println(server.url());
        System.out.flush();
        Thread.currentThread().join();
    }

    public FakeChannelstream(String secret) throws IOException {
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.signer = new TimestampSigner(secret);
        Thread t = new Thread(this::accept, "fake-accept");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "fake-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String request = line(in);
                if (request == null || request.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new HashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int c = h.indexOf(':');
                    headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                String[] parts = request.split(" ");
                if (parts[1].startsWith("/ws?conn_id=")) {
                    websocket(parts[1].substring("/ws?conn_id=".length()), headers, in, out);
                    return;
                }
                route(parts[0], parts[1], headers, body, out);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private void route(String method, String path, Map<String, String> headers, byte[] body, OutputStream out)
            throws IOException {
        switch (path) {
            case "/readyz" -> respond(out, 200, "{\"ready\":true}");
            case "/metrics" -> respond(out, 200, "# TYPE jvm_memory_used_bytes gauge\n"
                    + "jvm_memory_used_bytes{area=\"heap\",id=\"eden\"} 1000.0\n"
                    + "jvm_memory_used_bytes{area=\"nonheap\",id=\"meta\"} 5.0\n"
                    + "process_cpu_usage 0.01\ncsgate_sessions " + wsOpenNow.get() + ".0\n"
                    + "csgate_users " + users.size() + ".0\n");
            case "/info" -> {
                if (!signer.verify(headers.get("x-channelstream-secret"))) {
                    respond(out, 401, "{\"request\": \"Bad Signature\"}");
                } else if (body.length > 0 && !Json.parse(body).path("info").isObject()) {
                    respond(out, 422, "{\"info\": [\"Missing data for required field.\"]}");
                } else {
                    respond(out, 200, "{\"channels\": {}, \"users\": []}");
                }
            }
            case "/user_state" -> respond(out, signer.verify(headers.get("x-channelstream-secret")) ? 200 : 401, "{}");
            case "/connect", "/message" -> {
                if (!signer.verify(headers.get("x-channelstream-secret"))) {
                    respond(out, 401, "{\"request\": \"Bad Signature\"}");
                } else if (path.equals("/connect")) {
                    JsonNode req = Json.parse(body);
                    String id = UUID.randomUUID().toString();
                    users.add(req.get("username").textValue());
                    JsonNode channels = req.get("channels");
                    if (channels != null && channels.size() > 0) {
                        channelOf.put(id, channels.get(0).textValue());
                    }
                    String resumed = "";
                    if (req.has("resume_from")) {
                        String from = req.get("resume_from").asText();
                        boolean known = from.startsWith("fake:") && from.length() < 15
                                && Integer.parseInt(from.substring(5)) < log.size();
                        if (known) {
                            resumeAfter.put(id, Integer.parseInt(from.substring(5)));
                        }
                        resumed = ", \"resumed\": " + known;
                    }
                    respond(out, 200, "{\"conn_id\": \"" + id + "\", \"username\": \"" + req.get("username").textValue()
                            + "\"" + resumed + "}");
                } else {
                    JsonNode items = Json.parse(body);
                    // a request's items leave in one frame per channel, as a gateway sends events
                    // that wait together for a socket
                    Map<String, ArrayNode> frames = new java.util.LinkedHashMap<>();
                    // appended and delivered under the log's lock, so a socket that takes its
                    // catch-up meanwhile gets each message once: in its catch-up or live
                    synchronized (log) {
                        for (JsonNode item : items) {
                            event(frames.computeIfAbsent(item.get("channel").textValue(),
                                    c -> Json.mapper().createArrayNode()), item);
                        }
                        frames.forEach(this::deliver);
                    }
                    respond(out, 200, Json.text(items));
                }
            }
            default -> respond(out, 404, "{}");
        }
    }

    private void event(ArrayNode frame, JsonNode item) {
        ObjectNode e = frame.addObject();
        e.put("channel", item.get("channel").textValue());
        e.put("uuid", UUID.randomUUID().toString());
        e.put("timestamp", "2025-01-01T00:00:00");
        e.set("user", item.get("user"));
        e.set("message", item.get("message"));
        e.put("type", "message");
        synchronized (log) {
            e.put("position", "fake:" + log.size());
            log.add(e);
        }
    }

    private void catchUp(String channel, Integer resumeAfter, OutputStream out) throws IOException {
        if (resumeAfter != null) {
            ArrayNode frame = Json.mapper().createArrayNode();
            for (ObjectNode e : log.subList(resumeAfter + 1, log.size())) {
                if (channel.equals(e.get("channel").textValue())) {
                    frame.add(e.deepCopy().put("catchup", true));
                }
                if (frame.size() == 100) {
                    send(out, 0x1, Json.text(frame).getBytes(StandardCharsets.UTF_8));
                    frame = Json.mapper().createArrayNode();
                }
            }
            if (!frame.isEmpty()) {
                send(out, 0x1, Json.text(frame).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void deliver(String channel, ArrayNode frame) {
        byte[] payload = Json.text(frame).getBytes(StandardCharsets.UTF_8);
        for (OutputStream o : sockets.getOrDefault(channel, List.of())) {
            send(o, 0x1, payload);
        }
    }

    private void websocket(String connId, Map<String, String> headers, InputStream in, OutputStream out)
            throws IOException {
        String channel = channelOf.get(connId);
        if (channel == null) {
            respond(out, 404, "{}");
            return;
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                            .getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // counted before the client can see the 101, so a client that saw it finds itself counted
        wsOpened.incrementAndGet();
        wsOpenNow.incrementAndGet();
        try {
            serve(channel, accept, resumeAfter.remove(connId), in, out);
        } finally {
            wsOpenNow.decrementAndGet();
        }
    }

    private void serve(String channel, String accept, Integer resumeAfter, InputStream in, OutputStream out)
            throws IOException {
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        send(out, 0x1, "[]".getBytes(StandardCharsets.US_ASCII));
        synchronized (log) { // the catch-up and the registration for live messages are one step
            catchUp(channel, resumeAfter, out);
            sockets.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(out);
        }
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return;
            }
            int len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes(len);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            if ((b0 & 0x0f) == 0x8) {
                clientCloses.incrementAndGet();
                sockets.get(channel).remove(out);
                send(out, 0x8, payload);
                return;
            }
            heartbeatsReceived.incrementAndGet();
        }
    }

    private static void send(OutputStream out, int opcode, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80 | opcode);
        if (payload.length < 126) {
            b.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            b.write(126);
            b.write(payload.length >>> 8);
            b.write(payload.length);
        } else {
            b.write(127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) ((long) payload.length >>> (8 * i)));
            }
        }
        b.writeBytes(payload);
        synchronized (out) {
            try {
                out.write(b.toByteArray());
                out.flush();
            } catch (IOException ignored) {
                // a closed subscriber
            }
        }
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                return sb.toString().strip();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
