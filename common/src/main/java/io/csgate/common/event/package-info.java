/**
 * The record contract of the events topic: the versioned {@link io.csgate.common.event.Envelope},
 * its {@link io.csgate.common.event.Op}s, the codec, and topic and header names (docs/producers.md).
 */
package io.csgate.common.event;
