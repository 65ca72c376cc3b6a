package io.csgate.gateway.deploy;

import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Dockerfile read into stages of instructions (line continuations joined, comments dropped),
 * and the {@code .dockerignore} rules of its build context. Shell-form instructions only, which
 * is what deploy/Dockerfile uses, except ENTRYPOINT/CMD which may be JSON arrays.
 */
final class Dockerfile {

    record Instruction(String keyword, String args) {

        /** The words of the arguments, flags ({@code --x=y}) separated from the rest. */
        List<String> flags() {
            return words().stream().filter(w -> w.startsWith("--")).collect(Collectors.toList());
        }

        List<String> operands() {
            return words().stream().filter(w -> !w.startsWith("--")).collect(Collectors.toList());
        }

        Optional<String> flag(String name) {
            return flags().stream().filter(f -> f.startsWith("--" + name + "="))
                    .map(f -> f.substring(name.length() + 3)).findFirst();
        }

        /**
         * The command of a RUN, CMD or ENTRYPOINT as one line: the exec form (a JSON array) joined
         * by spaces, the shell form as written.
         */
        String commandLine() {
            String a = args.strip();
            if (!a.startsWith("[")) {
                return a;
            }
            try {
                List<String> argv = new com.fasterxml.jackson.databind.ObjectMapper().readValue(a,
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
                return String.join(" ", argv);
            } catch (java.io.IOException e) {
                throw new AssertionError(keyword + " is not a JSON array of strings: " + a, e);
            }
        }

        private List<String> words() {
            return List.of(args.trim().split("\\s+"));
        }
    }

    record Stage(String base, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword.equals(keyword)).collect(Collectors.toList());
        }

        Instruction last(String keyword) {
            List<Instruction> l = all(keyword);
            if (l.isEmpty()) {
                throw new AssertionError("stage " + (name == null ? base : name) + " has no " + keyword);
            }
            return l.get(l.size() - 1);
        }
    }

    final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = stages;
    }

    static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.stripTrailing();
            if (cur.length() == 0 && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            if (cur.length() > 0 && line.strip().startsWith("#")) {
                continue; // comment lines inside a continued instruction are dropped, as docker does
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
            } else {
                cur.append(line);
                logical.add(cur.toString().strip());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) {
            throw new IllegalArgumentException("Dockerfile ends inside a continued line");
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (String l : logical) {
            int sp = l.indexOf(' ');
            String keyword = (sp < 0 ? l : l.substring(0, sp)).toUpperCase(Locale.ROOT);
            String args = sp < 0 ? "" : l.substring(sp + 1).strip();
            if (keyword.equals("FROM")) {
                String[] w = args.split("\\s+");
                String name = w.length >= 3 && w[1].equalsIgnoreCase("AS") ? w[2] : null;
                current = new ArrayList<>();
                stages.add(new Stage(w[0], name, current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new IllegalArgumentException(keyword + " before the first FROM");
                }
            } else {
                current.add(new Instruction(keyword, args));
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The {@code .dockerignore} rules: patterns in order, a later match wins, {@code !} re-includes. */
    static final class Ignore {

        private record Rule(PathMatcher matcher, PathMatcher rootMatcher, boolean include) {}

        private final List<Rule> rules = new ArrayList<>();
        final List<String> patterns = new ArrayList<>();

        Ignore(String text) {
            for (String raw : text.split("\n")) {
                String p = raw.strip();
                if (p.isEmpty() || p.startsWith("#")) {
                    continue;
                }
                boolean include = p.startsWith("!");
                if (include) {
                    p = p.substring(1).strip();
                }
                while (p.startsWith("/")) {
                    p = p.substring(1);
                }
                while (p.endsWith("/") && p.length() > 1) {
                    p = p.substring(0, p.length() - 1);
                }
                patterns.add(p);
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
                // Docker's **/x also matches x at the root; a Java glob needs a slash there.
                PathMatcher atRoot = p.startsWith("**/")
                        ? FileSystems.getDefault().getPathMatcher("glob:" + p.substring(3)) : null;
                rules.add(new Rule(m, atRoot, include));
            }
        }

        /** True when the context path (relative, '/'-separated) is left out of the build context. */
        boolean excludes(String relativePath) {
            String[] parts = relativePath.split("/");
            // A path is out when it or one of its parent folders is out.
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                if (prefix.length() > 0) {
                    prefix.append('/');
                }
                prefix.append(part);
                if (excludedItself(prefix.toString())) {
                    return true;
                }
            }
            return false;
        }

        private boolean excludedItself(String path) {
            boolean excluded = false;
            for (Rule r : rules) {
                var p = Paths.get(path);
                if (r.matcher.matches(p) || (r.rootMatcher != null && r.rootMatcher.matches(p))) {
                    excluded = !r.include;
                }
            }
            return excluded;
        }
    }
}
