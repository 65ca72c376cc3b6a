/**
 * Signing: the itsdangerous-compatible {@link io.csgate.common.sign.TimestampSigner} of the REST API,
 * the HMAC-SHA256 {@link io.csgate.common.sign.RecordSigner} of Kafka records, and the
 * {@link io.csgate.common.sign.RecordVerifier} that checks records against every accepted
 * {@link io.csgate.common.sign.SigningKey} (shared secrets and producers' own keys).
 */
package io.csgate.common.sign;
