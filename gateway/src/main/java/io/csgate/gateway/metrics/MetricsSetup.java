package io.csgate.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Builds the Prometheus registry with the JVM and process binders bound, every {@link Meters}
 * meter described with its help text, and the known counter series registered at zero.
 */
public final class MetricsSetup {

    /** Gives every meter of {@link Meters} its help text, wherever in the code it is registered. */
    private static final MeterFilter DESCRIBE = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            String help = Meters.help(id.getName());
            if (help == null || id.getDescription() != null) {
                return id;
            }
            return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
        }
    };

    private MetricsSetup() {}

    public static PrometheusMeterRegistry prometheus(String gatewayId) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("gateway", gatewayId).meterFilter(DESCRIBE);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Meters.KNOWN_SERIES.forEach((name, series) -> series.forEach(tags -> registry.counter(name, tags)));
        return registry;
    }
}
