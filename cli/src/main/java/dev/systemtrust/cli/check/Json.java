package dev.systemtrust.cli.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the {@code check --json} document: values are {@link Map} (written in insertion order),
 * {@link List}, {@link String}, {@link Number}, {@link Boolean} and {@code null}. Two-space indentation, one key per
 * line, so scripts and people read the same text.
 */
final class Json {
    private Json() {
    }

    /** An ordered object to fill with {@code put}. */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text, "");
        return text.append('\n').toString();
    }

    private static void write(Object value, StringBuilder text, String indent) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String string) {
            string(string, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            text.append(value);
        } else if (value instanceof Map<?, ?> map) {
            members(map, text, indent);
        } else if (value instanceof List<?> list) {
            elements(list, text, indent);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void members(Map<?, ?> map, StringBuilder text, String indent) {
        if (map.isEmpty()) {
            text.append("{}");
            return;
        }
        String inner = indent + "  ";
        text.append("{\n");
        int remaining = map.size();
        for (Map.Entry<?, ?> member : map.entrySet()) {
            text.append(inner);
            string((String) member.getKey(), text);
            text.append(": ");
            write(member.getValue(), text, inner);
            text.append(--remaining > 0 ? ",\n" : "\n");
        }
        text.append(indent).append('}');
    }

    private static void elements(List<?> list, StringBuilder text, String indent) {
        if (list.isEmpty()) {
            text.append("[]");
            return;
        }
        String inner = indent + "  ";
        text.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            text.append(inner);
            write(list.get(i), text, inner);
            text.append(i < list.size() - 1 ? ",\n" : "\n");
        }
        text.append(indent).append(']');
    }

    /** RFC 8259 string: quote, backslash and control characters escaped; everything else as is (UTF-8 output). */
    private static void string(String value, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
