package io.csgate.gateway.http;

import io.csgate.gateway.config.GatewayConfig;

/**
 * Builds the {@link SignatureChecker} named by {@code signature_checker}: the reference's default
 * name ({@code channelstream.utils.DefaultSigner}) or an empty value selects the built-in
 * itsdangerous checker, which accepts {@code secret} and every {@code accepted_secrets} item not
 * yet retired; any other value must be a Java class implementing SignatureChecker with a public
 * {@code (String secret)} constructor, which gets {@code secret} only.
 */
public final class SignatureCheckers {

    public static final String DEFAULT = "channelstream.utils.DefaultSigner";

    private SignatureCheckers() {}

    public static SignatureChecker create(GatewayConfig config) {
        String name = config.signatureChecker();
        if (name == null || name.isBlank() || name.equals(DEFAULT)) {
            return new TimestampSignatureChecker(config.apiSecrets(), config.validateRequests());
        }
        try {
            Class<?> type = Class.forName(name);
            if (!SignatureChecker.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(name + " does not implement " + SignatureChecker.class.getName());
            }
            return (SignatureChecker) type.getConstructor(String.class).newInstance(config.secret());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("invalid value for 'signature_checker': " + name + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }
}
