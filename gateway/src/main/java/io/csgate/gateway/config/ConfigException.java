package io.csgate.gateway.config;

/**
 * A configuration that cannot be used: an invalid value, an unreadable or malformed ini file,
 * a missing {@code [channelstream]} section. The message is one line that names the key or the
 * file, fit to print to a user as it is (no stack trace needed), for example
 * {@code invalid value for 'port' (CHANNELSTREAM_PORT): "-1" is not a port number (0-65535)}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(oneLine(message));
    }

    public ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
