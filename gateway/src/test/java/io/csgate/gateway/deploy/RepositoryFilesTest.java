package io.csgate.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: its documents link only to files (and headings) it holds, and no
 * file names a place beside the clone. Someone who clones it gets every page a link points to.
 */
class RepositoryFilesTest {

    /** Paths beside the repository that an earlier layout cited; built in pieces so this file passes. */
    private static final List<String> OUTSIDE = List.of(".." + "/shared", "/work" + "/shared",
            "shared" + "/protocol", "decisions" + ".md", "decisions" + " #", "architecture" + " decision",
            "Appendix" + " A");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", "data", ".idea",
            "screenshots");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern NUMBERED = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)[. ]", Pattern.MULTILINE);
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\|", Pattern.MULTILINE);
    /** A citation: the document, then sections ({@code §7.2}) and rows of §14 ({@code #7}). */
    private static final Pattern CITATION = Pattern.compile(
            "docs/(protocol|design)\\.md((?:(?:,| and)? ?§\\d+(?:\\.\\d+)?(?: #\\d+(?:, #\\d+)*)?)+)");
    private static final Pattern SECTION = Pattern.compile("§(\\d+(?:\\.\\d+)?)((?: #\\d+(?:, #\\d+)*)?)");
    private static final Pattern DIFFERENCE = Pattern.compile("§14 #(\\d+)((?:, #\\d+)*)");

    @Test
    void everyRelativeLinkInTheDocumentsResolvesInsideTheRepository() {
        Path root = DeployFiles.root();
        List<String> broken = new ArrayList<>();
        for (Path doc : files(root).filter(p -> p.toString().endsWith(".md")).toList()) {
            Matcher m = LINK.matcher(read(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                String where = root.relativize(doc) + ": (" + target + ")";
                if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                    broken.add(where + " does not resolve inside the repository");
                } else if (anchor != null && Files.isRegularFile(resolved)
                        && !anchors(read(resolved)).contains(anchor)) {
                    broken.add(where + " names a heading that is not in " + root.relativize(resolved));
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noFileNamesAPlaceBesideTheClone() {
        Path root = DeployFiles.root();
        List<String> found = new ArrayList<>();
        for (Path f : files(root).toList()) {
            String text = read(f);
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String outside : OUTSIDE) {
                    if (lines[i].contains(outside)) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyCitedSectionAndDifferenceExists() {
        Path root = DeployFiles.root();
        Map<String, Set<String>> sections = Map.of(
                "protocol", numbered(read(root.resolve("docs/protocol.md"))),
                "design", numbered(read(root.resolve("docs/design.md"))));
        Set<String> rows = differences(read(root.resolve("docs/protocol.md")));
        assertThat(sections.get("protocol")).contains("1", "5.2", "14");
        assertThat(rows).contains("1", "26");
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Path f : files(root).toList()) {
            String text = read(f);
            if (text == null) {
                continue;
            }
            Matcher c = CITATION.matcher(text);
            while (c.find()) {
                Matcher sec = SECTION.matcher(c.group(2));
                while (sec.find()) {
                    citations++;
                    if (!sections.get(c.group(1)).contains(sec.group(1))) {
                        missing.add(root.relativize(f) + ": " + c.group() + " (no section " + sec.group(1) + ")");
                    }
                }
            }
            Matcher d = DIFFERENCE.matcher(text);
            while (d.find()) {
                Matcher n = Pattern.compile("#(\\d+)").matcher(d.group());
                while (n.find()) {
                    if (!rows.contains(n.group(1))) {
                        missing.add(root.relativize(f) + ": " + d.group() + " (no difference #" + n.group(1) + ")");
                    }
                }
            }
        }
        assertThat(citations).as("citations found").isGreaterThan(40);
        assertThat(missing).isEmpty();
    }

    private static Set<String> numbered(String markdown) {
        Set<String> out = new HashSet<>();
        Matcher m = NUMBERED.matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The numbers of the rows of the table of protocol.md §14. */
    private static Set<String> differences(String protocol) {
        Set<String> out = new HashSet<>();
        Matcher m = ROW.matcher(protocol.substring(protocol.indexOf("\n## 14. ")));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        Matcher m = HEADING.matcher(markdown);
        while (m.find()) {
            String slug = m.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            String candidate = slug;
            for (int n = 1; !out.add(candidate); n++) {
                candidate = slug + "-" + n;
            }
        }
        return out;
    }

    private static Stream<Path> files(Path root) {
        List<Path> out = new ArrayList<>();
        walk(root, out);
        return out.stream();
    }

    private static void walk(Path dir, List<Path> out) {
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.sorted().toList()) {
                if (Files.isDirectory(p)) {
                    if (!SKIPPED_DIRS.contains(p.getFileName().toString())) {
                        walk(p, out);
                    }
                } else if (Files.isRegularFile(p) && Files.size(p) < 4_000_000) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as UTF-8 text, or null for a binary file. */
    private static String read(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            for (int i = 0; i < Math.min(b.length, 8192); i++) {
                if (b[i] == 0) {
                    return null;
                }
            }
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
