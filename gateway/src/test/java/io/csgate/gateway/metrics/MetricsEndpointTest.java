package io.csgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.micrometer.core.instrument.Tags;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} of a fresh gateway: every {@code csgate_*} meter has a help text, and every
 * counter series of a known tag value ({@link Meters#KNOWN_SERIES}) is there before anything
 * happened, the rejection and close counters at zero.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class MetricsEndpointTest {

    private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static TestGateway gateway;
    private static Scrape scrape;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        ApiClient.Answer a = gateway.client().call("GET", "/metrics", null, false);
        assertThat(a.status()).as("GET /metrics").isEqualTo(200);
        scrape = Scrape.parse(a.text());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyCsgateMeterHasAHelpText() {
        List<String> families = scrape.samples.stream().map(Sample::name).filter(n -> n.startsWith("csgate_"))
                .map(scrape::family).distinct().toList();
        assertThat(families).as("csgate families on /metrics").hasSizeGreaterThanOrEqualTo(Meters.KNOWN_SERIES.size());
        for (String family : families) {
            assertThat(scrape.help.get(family)).as("# HELP of %s", family).isNotBlank();
        }
    }

    @Test
    void everyMeterNameHasAHelpTextInMeters() throws IllegalAccessException {
        for (Field f : Meters.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("PREFIX")) {
                assertThat(Meters.help((String) f.get(null))).as("help text of Meters.%s", f.getName()).isNotBlank();
            }
        }
    }

    @Test
    void knownCounterSeriesExistFromStart() {
        Map<String, List<Tags>> known = Meters.KNOWN_SERIES;
        assertThat(known).containsKeys(Meters.RECORDS_REJECTED, Meters.SESSIONS_CLOSED, Meters.EVENTS_APPLIED,
                Meters.EVENTS_PUBLISHED);
        List<String> missing = new ArrayList<>();
        known.forEach((name, series) -> {
            String prometheusName = name.replace('.', '_') + "_total";
            for (Tags tags : series) {
                if (scrape.find(prometheusName, tags) == null) {
                    missing.add(prometheusName + tags);
                }
            }
        });
        assertThat(missing).as("counter series missing from a fresh gateway's /metrics").isEmpty();
    }

    @Test
    void rejectionAndCloseCountersStartAtZero() {
        for (String reason : Meters.REJECT_REASONS) {
            assertThat(value("csgate_records_rejected_total", Tags.of("reason", reason)))
                    .as("csgate_records_rejected_total{reason=%s}", reason).isZero();
        }
        for (String reason : Meters.CLOSE_REASONS) {
            assertThat(value("csgate_sessions_closed_total", Tags.of("reason", reason)))
                    .as("csgate_sessions_closed_total{reason=%s}", reason).isZero();
        }
    }

    private static double value(String name, Tags tags) {
        Sample s = scrape.find(name, tags);
        assertThat(s).as("%s%s on /metrics", name, tags).isNotNull();
        return s.value();
    }

    record Sample(String name, Map<String, String> labels, double value) {}

    /** Prometheus text format, as far as this test needs it: help texts and samples. */
    record Scrape(Map<String, String> help, List<Sample> samples) {

        static Scrape parse(String text) {
            Map<String, String> help = new LinkedHashMap<>();
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher h = HELP.matcher(line);
                Matcher s = SAMPLE.matcher(line);
                if (h.matches()) {
                    help.put(h.group(1), h.group(2));
                } else if (!line.startsWith("#") && s.matches()) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    Matcher l = LABEL.matcher(s.group(3) == null ? "" : s.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                    samples.add(new Sample(s.group(1), labels, Double.parseDouble(s.group(4))));
                }
            }
            return new Scrape(help, samples);
        }

        /** The family (a name with a HELP line) a sample belongs to: the longest such prefix. */
        String family(String sample) {
            return help.keySet().stream().filter(sample::startsWith).max((a, b) -> a.length() - b.length())
                    .orElse(sample);
        }

        Sample find(String name, Tags tags) {
            return samples.stream().filter(s -> s.name().equals(name))
                    .filter(s -> tags.stream().allMatch(t -> t.getValue().equals(s.labels().get(t.getKey()))))
                    .findFirst().orElse(null);
        }
    }
}
