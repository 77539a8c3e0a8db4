package dev.systemtrust.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds certificate blocks in PEM text the way OpenSSL bundles are written: markers at the start of a
 * line, LF or CRLF line ends, any text between blocks. Works on bytes so a bundle is never copied into a
 * {@code String}. A block that is truncated, mislabelled or has a bad base64 line is reported with its
 * {@code file:line} and skipped; the blocks around it still count.
 */
final class PemParser {
    private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "-----END ".getBytes(StandardCharsets.US_ASCII);
    private static final String DASHES = "-----";
    private static final byte INVALID_CHARACTER = 0;
    private static final byte BASE64_CHARACTER = 1;
    private static final byte BLANK_CHARACTER = 2;
    private static final byte[] CHARACTER_KIND = new byte[256];

    static {
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".toCharArray()) {
            CHARACTER_KIND[c] = BASE64_CHARACTER;
        }
        for (char c : " \t\r".toCharArray()) {
            CHARACTER_KIND[c] = BLANK_CHARACTER;
        }
    }

    private PemParser() {
    }

    /** Whether {@code data} contains a PEM BEGIN marker at the start of some line. */
    static boolean looksLikePem(byte[] data) {
        for (int start = 0; start < data.length; start = nextLine(data, start)) {
            if (data[start] == '-' && startsWith(data, start, lineEnd(data, start), BEGIN)) {
                return true;
            }
        }
        return false;
    }

    static List<PemBlock> parse(byte[] data, String location, InputProblems problems) {
        List<PemBlock> blocks = new ArrayList<>();
        byte[] body = null; // one buffer for all blocks of the file: no block is longer than the file
        int bodyLength = 0;
        String openLabel = null;
        int openLine = 0;
        int badLine = 0;
        int line = 0;
        int start = 0;
        while (start < data.length) {
            line++;
            if (data[start] == '-') {
                int end = lineEnd(data, start);
                int trimmed = trimEnd(data, start, end);
                String begin = marker(data, start, trimmed, BEGIN);
                String endLabel = openLabel == null ? null : marker(data, start, trimmed, END);
                if (begin != null) {
                    if (openLabel != null) {
                        problems.skip(location + ":" + openLine, "truncated PEM block \"" + openLabel
                                + "\": no END line before the next BEGIN at line " + line);
                    }
                    openLabel = begin;
                    openLine = line;
                    bodyLength = 0;
                    badLine = 0;
                    start = end + 1;
                    continue;
                }
                if (endLabel != null) {
                    if (!endLabel.equals(openLabel)) {
                        problems.skip(location + ":" + openLine, "PEM block \"" + openLabel + "\" ends with \"END "
                                + endLabel + "\" at line " + line);
                    } else if (isCertificateLabel(openLabel)) {
                        PemBlock block = decode(openLabel, body, bodyLength, openLine, badLine, location, problems);
                        if (block != null) {
                            blocks.add(block);
                        }
                    } else {
                        problems.skip(location + ":" + openLine, "ignored PEM block of type \"" + openLabel + "\"");
                    }
                    openLabel = null;
                    start = end + 1;
                    continue;
                }
            }
            if (openLabel == null) {
                start = lineEnd(data, start) + 1;
                continue;
            }
            if (body == null) {
                body = new byte[data.length];
            }
            int end = lineEnd(data, start);
            int appended = appendBase64(data, start, end, body, bodyLength);
            if (appended < 0) {
                appended = ~appended;
                if (badLine == 0) {
                    badLine = line;
                }
            }
            bodyLength = appended;
            start = end + 1;
        }
        if (openLabel != null) {
            problems.skip(location + ":" + openLine, "truncated PEM block \"" + openLabel + "\": no END line");
        }
        return blocks;
    }

    /**
     * Appends the base64 characters of {@code data[start, end)} to {@code body}; returns the new body length, or
     * its complement when the line holds a character that is neither base64 nor blank. A small method of its
     * own, with {@link #lineEnd}, because the JIT compiles small hot methods within the first few lines of a
     * bundle, while a loop inside {@link #parse} would run interpreted for much of a cold load.
     */
    private static int appendBase64(byte[] data, int start, int end, byte[] body, int bodyLength) {
        boolean invalid = false;
        for (int i = start; i < end; i++) {
            byte b = data[i];
            byte kind = CHARACTER_KIND[b & 0xff];
            if (kind == BASE64_CHARACTER) {
                body[bodyLength++] = b;
            } else if (kind == INVALID_CHARACTER) {
                invalid = true;
            }
        }
        return invalid ? ~bodyLength : bodyLength;
    }

    private static boolean isCertificateLabel(String label) {
        return label.equals("CERTIFICATE") || label.equals("X509 CERTIFICATE") || label.equals("TRUSTED CERTIFICATE");
    }

    private static PemBlock decode(String label, byte[] body, int length, int line, int badLine, String location,
            InputProblems problems) {
        if (length == 0 && badLine == 0) {
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" is empty");
            return null;
        }
        if (badLine != 0) {
            problems.skip(location + ":" + badLine, "PEM block \"" + label + "\" (line " + line
                    + ") has a character that is not base64");
            return null;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(body, 0, length)).array();
        } catch (IllegalArgumentException e) {
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" is not valid base64: " + e.getMessage());
            return null;
        }
        if (der.length == 0) {
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" decodes to nothing");
            return null;
        }
        return new PemBlock(label.equals("TRUSTED CERTIFICATE"), der, line);
    }


    /** The label of a {@code -----BEGIN label-----} or {@code -----END label-----} line, else {@code null}. */
    private static String marker(byte[] data, int start, int end, byte[] prefix) {
        if (!startsWith(data, start, end, prefix)) {
            return null;
        }
        int labelStart = start + prefix.length;
        int labelEnd = end - DASHES.length();
        if (labelEnd < labelStart) {
            return null;
        }
        for (int i = labelEnd; i < end; i++) {
            if (data[i] != '-') {
                return null;
            }
        }
        return new String(data, labelStart, labelEnd - labelStart, StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] data, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] data, int start) {
        int i = start;
        while (i < data.length && data[i] != '\n') {
            i++;
        }
        return i;
    }

    /** End of the line without its CR and trailing blanks, so CRLF files parse like LF files. */
    private static int trimEnd(byte[] data, int start, int end) {
        while (end > start && CHARACTER_KIND[data[end - 1] & 0xff] == BLANK_CHARACTER) {
            end--;
        }
        return end;
    }

    private static int nextLine(byte[] data, int start) {
        return lineEnd(data, start) + 1;
    }
}
