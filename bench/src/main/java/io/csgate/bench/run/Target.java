package io.csgate.bench.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * The server under test: an {@code http://} base URL whose host is a loopback address. The bench
 * refuses any other host, so it can only ever load this machine.
 *
 * @param base the URL as given, without a trailing slash
 * @param host the host as written in the URL (used in {@code Host} headers)
 * @param address the resolved loopback address
 * @param port the TCP port
 */
public record Target(URI base, String host, InetAddress address, int port) {

    /** Parses and checks {@code url}; throws {@link IllegalArgumentException} with the reason. */
    public static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("--url must start with http:// (the bench speaks plain HTTP"
                    + " and ws:// to a loopback server), got '" + url + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--url '" + url + "' has no host");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("--url must not have a path (the gateway serves /connect,"
                    + " /message, /ws at its root), got '" + url + "'");
        }
        InetAddress address = loopback(uri.getHost(), "--url");
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        return new Target(uri, uri.getHost(), address, port);
    }

    /**
     * Resolves {@code host} and returns its address when every address it resolves to is a
     * loopback address.
     */
    public static InetAddress loopback(String host, String option) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": unknown host '" + host + "'");
        }
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException(option + ": '" + host + "' is not a loopback address ("
                        + a.getHostAddress() + "); the bench only loads servers on this machine");
            }
        }
        return all[0];
    }

    /** Checks a Kafka bootstrap list ({@code host:port,...}) for loopback hosts. */
    public static String checkBootstrap(String servers) {
        for (String s : servers.split(",")) {
            String hp = s.trim();
            int colon = hp.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--bootstrap-servers: '" + hp + "' is not host:port");
            }
            loopback(hp.substring(0, colon), "--bootstrap-servers");
        }
        return servers;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** The {@code Host} header value. */
    public String hostHeader() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
    }

    public String url(String pathAndQuery) {
        return base + pathAndQuery;
    }
}
