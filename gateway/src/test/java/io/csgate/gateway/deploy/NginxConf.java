package io.csgate.gateway.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small reader of nginx configuration syntax: directives ({@code name args;}) and blocks
 * ({@code name args { ... }}), with comments and quotes. Enough to check what a file says, not
 * a validator of directive names (nginx -t is that, where nginx is installed).
 */
final class NginxConf {

    /** One directive; {@code block} is null for a simple directive. */
    record Directive(String name, List<String> args, List<Directive> block) {

        String arg(int i) {
            return i < args.size() ? args.get(i) : null;
        }

        /** Direct children named {@code name}. */
        List<Directive> all(String childName) {
            if (block == null) {
                return List.of();
            }
            return block.stream().filter(d -> d.name.equals(childName)).collect(Collectors.toList());
        }

        Optional<Directive> first(String childName) {
            return all(childName).stream().findFirst();
        }

        /** Every descendant named {@code name}, depth first. */
        List<Directive> deep(String childName) {
            List<Directive> out = new ArrayList<>();
            if (block != null) {
                for (Directive d : block) {
                    if (d.name.equals(childName)) {
                        out.add(d);
                    }
                    out.addAll(d.deep(childName));
                }
            }
            return out;
        }

        /** The {@code proxy_set_header} values of this block, header name lower case → value. */
        java.util.Map<String, String> proxyHeaders() {
            java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
            for (Directive d : all("proxy_set_header")) {
                h.put(d.arg(0).toLowerCase(java.util.Locale.ROOT), d.args.size() > 1 ? d.arg(1) : "");
            }
            return h;
        }

        @Override
        public String toString() {
            return name + " " + String.join(" ", args);
        }
    }

    private final String text;
    private int pos;

    private NginxConf(String text) {
        this.text = text;
    }

    /** The file as the children of a synthetic root block named {@code main}. */
    static Directive parse(String text) {
        NginxConf p = new NginxConf(text);
        List<Directive> top = p.block(false);
        return new Directive("main", List.of(), top);
    }

    private List<Directive> block(boolean nested) {
        List<Directive> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        while (true) {
            String t = token();
            if (t == null) {
                if (nested || !words.isEmpty()) {
                    throw new IllegalArgumentException("unexpected end of nginx configuration");
                }
                return out;
            }
            switch (t) {
                case ";" -> {
                    if (words.isEmpty()) {
                        throw new IllegalArgumentException("empty directive at offset " + pos);
                    }
                    out.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), null));
                    words.clear();
                }
                case "{" -> {
                    if (words.isEmpty()) {
                        throw new IllegalArgumentException("block without a name at offset " + pos);
                    }
                    List<Directive> inner = block(true);
                    out.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), inner));
                    words.clear();
                }
                case "}" -> {
                    if (!nested || !words.isEmpty()) {
                        throw new IllegalArgumentException("unbalanced } or missing ; at offset " + pos);
                    }
                    return out;
                }
                default -> words.add(t);
            }
        }
    }

    /** The next token: ; { } or a word (quotes removed); null at the end. */
    private String token() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                break;
            }
        }
        if (pos >= text.length()) {
            return null;
        }
        char c = text.charAt(pos);
        if (c == ';' || c == '{' || c == '}') {
            pos++;
            return String.valueOf(c);
        }
        if (c == '"' || c == '\'') {
            int end = pos + 1;
            StringBuilder sb = new StringBuilder();
            while (end < text.length() && text.charAt(end) != c) {
                if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                    end++;
                }
                sb.append(text.charAt(end));
                end++;
            }
            if (end >= text.length()) {
                throw new IllegalArgumentException("unterminated quote at offset " + pos);
            }
            pos = end + 1;
            return sb.toString();
        }
        int start = pos;
        while (pos < text.length()) {
            char d = text.charAt(pos);
            if (Character.isWhitespace(d) || d == ';' || d == '{' || d == '}') {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }
}
