/**
 * The gateway's one immutable configuration, {@link io.csgate.gateway.config.GatewayConfig},
 * read and validated at start by {@link io.csgate.gateway.config.ConfigLoader} from the
 * reference's sources: the {@code [channelstream]} section of an ini file, or else
 * {@code CHANNELSTREAM_*} environment variables. A bad value stops the start with a one-line
 * {@link io.csgate.gateway.config.ConfigException} naming the key;
 * {@link io.csgate.gateway.config.ConfigTemplate} writes a commented ini file listing every key.
 */
package io.csgate.gateway.config;
