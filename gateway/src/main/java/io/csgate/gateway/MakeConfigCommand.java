package io.csgate.gateway;

import io.csgate.common.json.Json;
import io.csgate.gateway.config.ConfigException;
import io.csgate.gateway.config.ConfigTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code channelstream make-config [-j JSON] [-o FILE]}: writes a commented {@code config.ini}, like
 * the reference's {@code channelstream_utils make_config}. Values come from the defaults,
 * overridden by {@code CHANNELSTREAM_*} variables, then by the keys of the {@code -j} JSON object.
 */
@Command(name = "make-config", description = "write a commented config.ini (stdout unless -o)")
final class MakeConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
    Path output;

    @Option(names = {"-j", "--json"}, paramLabel = "JSON", description = "a JSON object of settings, e.g. '{\"port\": 9000}'")
    String json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Override
    public Integer call() {
        Map<String, String> values = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("CHANNELSTREAM_") && !k.equals("CHANNELSTREAM_INI")) {
                values.put(k.substring("CHANNELSTREAM_".length()).toLowerCase(Locale.ROOT), v);
            }
        });
        if (json != null) {
            try {
                Json.plainObject(Json.parse(json)).forEach((k, v) -> values.put(k, v == null ? "" : String.valueOf(v)));
            } catch (IOException | RuntimeException e) {
                spec.commandLine().getErr().println("make-config: -j must be a JSON object: " + e.getMessage());
                return 2;
            }
        }
        String text;
        try {
            text = ConfigTemplate.render(values);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("make-config: " + e.getMessage());
            return 2;
        }
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            spec.commandLine().getErr().println("make-config: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("wrote " + output);
        return 0;
    }
}
