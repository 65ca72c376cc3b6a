package io.csgate.bench.probe;

import java.util.OptionalDouble;

/** Just enough of the Prometheus text format to read a few samples. */
public final class PrometheusText {

    private PrometheusText() {}

    /**
     * The sum of every sample of metric {@code name} whose labels contain {@code label} (e.g.
     * {@code area="heap"}; null matches all), or empty when there is none.
     */
    public static OptionalDouble sum(String text, String name, String label) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
                continue;
            }
            int after = name.length();
            if (after < line.length() && line.charAt(after) != '{' && line.charAt(after) != ' ') {
                continue;
            }
            String labels = "";
            int valueAt = after;
            if (after < line.length() && line.charAt(after) == '{') {
                int close = line.indexOf('}', after);
                if (close < 0) {
                    continue;
                }
                labels = line.substring(after + 1, close);
                valueAt = close + 1;
            }
            if (label != null && !labels.contains(label)) {
                continue;
            }
            String[] parts = line.substring(valueAt).trim().split("\\s+");
            try {
                total += Double.parseDouble(parts[0]);
                found = true;
            } catch (NumberFormatException e) {
                // NaN spelled otherwise, or a malformed line: skip it
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }
}
