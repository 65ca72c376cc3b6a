package io.csgate.gateway.deploy;

import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.ConfigTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files of the repository and the small readers the tests need: YAML (SnakeYAML,
 * which resolves the anchors and merge keys compose files use, and rejects duplicate keys),
 * compose variable interpolation, dotenv files, Maven poms, and the gateway's configuration keys
 * as the code defines them.
 */
final class DeployFiles {

    private static final Pattern ENV_IN_TEMPLATE = Pattern.compile("\\| env: (CHANNELSTREAM_[A-Z0-9_]+)");
    private static final Pattern CHANNELSTREAM_VAR = Pattern.compile("CHANNELSTREAM_[A-Z0-9_]*[A-Z0-9]");

    private DeployFiles() {}

    /** The repository root: the nearest folder upwards holding the csgate parent pom. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<artifactId>csgate-parent</artifactId>")
                    && Files.isDirectory(d.resolve("gateway"))) {
                return d;
            }
        }
        throw new IllegalStateException("no csgate repository root above " + p);
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String relative) {
        return read(file(relative));
    }

    /** Files under {@code dir} whose names end with one of {@code suffixes}, sorted. */
    static List<Path> filesUnder(String dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(file(dir))) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(x -> f.getFileName().toString().endsWith(x)))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path p) {
        return root().relativize(p).toString().replace('\\', '/');
    }

    // ---------------------------------------------------------------- YAML

    /** Every document of a YAML file; throws on a syntax error or a duplicate key. */
    static List<Object> yamlDocuments(Path p) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Object> docs = new ArrayList<>();
        for (Object d : yaml.loadAll(read(p))) {
            if (d != null) {
                docs.add(d);
            }
        }
        return docs;
    }

    /** The single document of a YAML file, as a map. */
    static Map<String, Object> yamlMap(Path p) {
        List<Object> docs = yamlDocuments(p);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalStateException(relative(p) + " should hold exactly one YAML mapping");
        }
        return map(docs.get(0), relative(p));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new AssertionError(what + " should be a mapping but is " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            throw new AssertionError(what + " should be a list but is " + o);
        }
        return (List<Object>) o;
    }

    /** {@code m.a.b.c}, or null when a step is missing. */
    static Object at(Object m, String... path) {
        Object cur = m;
        for (String k : path) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<?, ?>) cur).get(k);
        }
        return cur;
    }

    static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    // ---------------------------------------------------------------- compose

    private static final Pattern COMPOSE_VAR = Pattern.compile(
            "\\$(\\$)|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * Compose interpolation of one value: {@code ${VAR}}, {@code ${VAR:-default}},
     * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code $VAR} and
     * {@code $$}. Unset variables without a default are an error here (compose would warn and use
     * an empty string, which is never what a deployment file means).
     */
    static String interpolate(String value, Map<String, String> env) {
        Matcher m = COMPOSE_VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(5);
                String op = m.group(3);
                String arg = m.group(4);
                String v = env.get(name);
                boolean colon = op != null && op.startsWith(":");
                boolean missing = v == null || (colon && v.isEmpty());
                if (op == null) {
                    if (v == null) {
                        throw new AssertionError("${" + name + "} in \"" + value + "\" has no default and is not set");
                    }
                    replacement = v;
                } else if (op.endsWith("-")) {
                    replacement = missing ? arg : v;
                } else {
                    if (missing) {
                        throw new AssertionError("${" + name + "} is required: " + arg);
                    }
                    replacement = v;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Names of the variables a text interpolates ({@code $$} is no variable). */
    static Set<String> variablesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = COMPOSE_VAR.matcher(text);
        while (m.find()) {
            if (m.group(2) != null) {
                names.add(m.group(2));
            } else if (m.group(5) != null) {
                names.add(m.group(5));
            }
        }
        return names;
    }

    /** A deep copy of a parsed compose file with every string value interpolated. */
    static Object interpolateAll(Object node, Map<String, String> env) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), interpolateAll(v, env)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(interpolateAll(v, env)));
            return out;
        }
        if (node instanceof String s) {
            return interpolate(s, env);
        }
        return node;
    }

    /** A compose {@code environment} block, given as a mapping or as a list of {@code K=V}. */
    static Map<String, String> composeEnvironment(Object environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment == null) {
            return env;
        }
        if (environment instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            for (Object item : list(environment, "environment")) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** {@code KEY=VALUE} lines of a dotenv file; comments and blank lines skipped. */
    static Map<String, String> dotenv(Path p) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read(p).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new AssertionError(relative(p) + ": not KEY=VALUE: " + line);
            }
            env.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return env;
    }

    // ---------------------------------------------------------------- Maven

    static Document xml(Path p) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(p.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + p, e);
        }
    }

    /** Text of the direct children named {@code name} of {@code parent}. */
    static List<String> childTexts(Element parent, String name) {
        List<String> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e.getTextContent().strip());
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The {@code <modules>} of the root pom, as folder names. */
    static List<String> modules() {
        Element modules = child(xml(file("pom.xml")).getDocumentElement(), "modules");
        return modules == null ? List.of() : childTexts(modules, "module");
    }

    /** A property of the root pom. */
    static String rootProperty(String name) {
        Element props = child(xml(file("pom.xml")).getDocumentElement(), "properties");
        List<String> v = props == null ? List.of() : childTexts(props, name);
        if (v.isEmpty()) {
            throw new AssertionError("root pom.xml has no property " + name);
        }
        return v.get(0);
    }

    /**
     * The module folders {@code module} depends on inside the reactor, in any scope, transitively
     * (what {@code mvn -pl module -am} builds besides the module itself).
     */
    static Set<String> reactorDependencies(String module) {
        Map<String, String> folderOfArtifact = new LinkedHashMap<>();
        for (String m : modules()) {
            Element project = xml(file(m + "/pom.xml")).getDocumentElement();
            folderOfArtifact.put(childTexts(project, "artifactId").get(0), m);
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(module));
        while (!pending.isEmpty()) {
            String m = pending.remove(0);
            Element deps = child(xml(file(m + "/pom.xml")).getDocumentElement(), "dependencies");
            if (deps == null) {
                continue;
            }
            NodeList list = deps.getElementsByTagName("dependency");
            for (int i = 0; i < list.getLength(); i++) {
                Element d = (Element) list.item(i);
                String folder = folderOfArtifact.get(childTexts(d, "artifactId").get(0));
                if (folder != null && childTexts(d, "groupId").contains("io.csgate") && seen.add(folder)) {
                    pending.add(folder);
                }
            }
        }
        return seen;
    }

    /** The shade plugin's {@code finalName} of a module: the name of the runnable jar. */
    static String shadedJarName(String module) {
        NodeList names = xml(file(module + "/pom.xml")).getElementsByTagName("finalName");
        if (names.getLength() != 1) {
            throw new AssertionError(module + "/pom.xml should name its shaded jar with one <finalName>");
        }
        return names.item(0).getTextContent().strip() + ".jar";
    }

    // ---------------------------------------------------------------- the gateway's settings

    /**
     * Every {@code CHANNELSTREAM_*} variable the gateway reads, taken from the code: the
     * {@code make-config} template names each key's variable; {@code CHANNELSTREAM_INI} names
     * an ini file.
     */
    static Set<String> configVariables() {
        Set<String> vars = new TreeSet<>();
        Matcher m = ENV_IN_TEMPLATE.matcher(ConfigTemplate.render(Map.of()));
        while (m.find()) {
            vars.add(m.group(1));
        }
        if (vars.size() < 20) {
            throw new IllegalStateException("the make-config template lists only " + vars);
        }
        vars.add(ConfigLoader.INI_ENV);
        return vars;
    }

    /** The variables of the secret keys: those {@code describe()} masks. */
    static Set<String> secretVariables() {
        Set<String> vars = new TreeSet<>();
        for (String line : ConfigLoader.fromValues(Map.of()).describe().split("\n")) {
            if (line.endsWith("= ****")) {
                vars.add("CHANNELSTREAM_" + line.substring(0, line.indexOf(' ')).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return vars;
    }

    /** Every {@code CHANNELSTREAM_...} name written in a text. */
    static Set<String> channelstreamVariablesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = CHANNELSTREAM_VAR.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    // ---------------------------------------------------------------- units

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|M|y)?");

    /** An nginx time ({@code 30}, {@code 30s}, {@code 1h}, {@code 1h30m}) in seconds. */
    static long nginxSeconds(String text) {
        Matcher m = DURATION_PART.matcher(text);
        long ms = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            String unit = Objects.requireNonNullElse(m.group(2), "s");
            ms += switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                case "d" -> n * 86_400_000;
                default -> throw new AssertionError("unexpected time unit in " + text);
            };
            end = m.end();
        }
        if (end != text.length() || end == 0) {
            throw new AssertionError("not an nginx time: " + text);
        }
        return ms / 1000;
    }

    /** An nginx size ({@code 1m}, {@code 512k}, {@code 1048576}) in bytes. */
    static long nginxBytes(String text) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(text);
        if (!m.matches()) {
            throw new AssertionError("not an nginx size: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    /** A Kubernetes memory quantity ({@code 1Gi}, {@code 768Mi}, {@code 1G}) in bytes. */
    static long kubernetesBytes(String text) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(text);
        if (!m.matches()) {
            throw new AssertionError("not a memory quantity: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (Objects.requireNonNullElse(m.group(2), "")) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "Ti" -> n << 40;
            case "k" -> n * 1000;
            case "M" -> n * 1000_000;
            case "G" -> n * 1000_000_000L;
            case "T" -> n * 1000_000_000_000L;
            default -> n;
        };
    }

    /** The {@code -XX:MaxRAMPercentage} of JVM options; fails when there is none. */
    static double maxRamPercentage(String javaOpts) {
        Matcher m = Pattern.compile("(?:^|\\s)-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)(?:\\s|$)").matcher(javaOpts);
        if (!m.find()) {
            throw new AssertionError("no -XX:MaxRAMPercentage in JAVA_OPTS \"" + javaOpts + "\"");
        }
        return Double.parseDouble(m.group(1));
    }

    /** The {@code -Xmx} of JVM options in bytes; fails when there is none. */
    static long xmxBytes(String javaOpts) {
        Matcher m = Pattern.compile("(?:^|\\s)-Xmx(\\d+)([kKmMgG]?)(?:\\s|$)").matcher(javaOpts);
        if (!m.find()) {
            throw new AssertionError("no -Xmx in JAVA_OPTS \"" + javaOpts + "\"");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }
}
