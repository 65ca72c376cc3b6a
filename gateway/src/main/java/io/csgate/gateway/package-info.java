/**
 * The gateway process: {@link io.csgate.gateway.Main} (command line) and {@link io.csgate.gateway.Gateway},
 * which only wires the components together in start order and closes them in reverse.
 */
package io.csgate.gateway;
