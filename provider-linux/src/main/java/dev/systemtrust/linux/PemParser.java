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

    private PemParser() {
    }

    /** Whether {@code data} contains a PEM BEGIN marker at the start of some line. */
    static boolean looksLikePem(byte[] data) {
        for (int start = 0; start < data.length; start = nextLine(data, start)) {
            if (startsWith(data, start, lineEnd(data, start), BEGIN)) {
                return true;
            }
        }
        return false;
    }

    static List<PemBlock> parse(byte[] data, String location, InputProblems problems) {
        List<PemBlock> blocks = new ArrayList<>();
        byte[] body = new byte[0];
        int bodyLength = 0;
        String openLabel = null;
        int openLine = 0;
        int badLine = 0;
        int line = 0;
        for (int start = 0; start < data.length; start = nextLine(data, start)) {
            line++;
            int end = trimmedLineEnd(data, start);
            if (openLabel == null) {
                String label = marker(data, start, end, BEGIN);
                if (label != null) {
                    openLabel = label;
                    openLine = line;
                    bodyLength = 0;
                    badLine = 0;
                }
                continue;
            }
            String endLabel = marker(data, start, end, END);
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
                continue;
            }
            String nestedBegin = marker(data, start, end, BEGIN);
            if (nestedBegin != null) {
                problems.skip(location + ":" + openLine, "truncated PEM block \"" + openLabel
                        + "\": no END line before the next BEGIN at line " + line);
                openLabel = nestedBegin;
                openLine = line;
                bodyLength = 0;
                badLine = 0;
                continue;
            }
            int needed = bodyLength + (end - start);
            if (needed > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(needed, body.length * 2 + 64));
            }
            for (int i = start; i < end; i++) {
                byte b = data[i];
                if (b == ' ' || b == '\t') {
                    continue;
                }
                if (!isBase64(b) && badLine == 0) {
                    badLine = line;
                }
                body[bodyLength++] = b;
            }
        }
        if (openLabel != null) {
            problems.skip(location + ":" + openLine, "truncated PEM block \"" + openLabel + "\": no END line");
        }
        return blocks;
    }

    private static boolean isCertificateLabel(String label) {
        return label.equals("CERTIFICATE") || label.equals("X509 CERTIFICATE") || label.equals("TRUSTED CERTIFICATE");
    }

    private static PemBlock decode(String label, byte[] body, int length, int line, int badLine, String location,
            InputProblems problems) {
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
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" is empty");
            return null;
        }
        return new PemBlock(label.equals("TRUSTED CERTIFICATE"), der, line);
    }

    private static boolean isBase64(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/'
                || b == '=';
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
    private static int trimmedLineEnd(byte[] data, int start) {
        int end = lineEnd(data, start);
        while (end > start && (data[end - 1] == '\r' || data[end - 1] == ' ' || data[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    private static int nextLine(byte[] data, int start) {
        return lineEnd(data, start) + 1;
    }
}
