package io.csgate.gateway.http;

/**
 * Decides whether the value of {@code X-Channelstream-Secret} (or {@code ?secret=}) authorises a
 * server API call. The signed string itself is never compared to anything (docs/protocol.md §14 #1).
 * Implementations must be thread-safe. The {@code signature_checker} setting may name a class
 * implementing this interface with a public constructor taking the secret as a String.
 */
public interface SignatureChecker {
    boolean valid(String signed);
}
