/**
 * Signing: the itsdangerous-compatible {@link io.csgate.common.sign.TimestampSigner} of the REST API,
 * and the HMAC-SHA256 {@link io.csgate.common.sign.RecordSigner} of Kafka records.
 */
package io.csgate.common.sign;
