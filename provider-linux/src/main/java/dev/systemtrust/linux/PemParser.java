package dev.systemtrust.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
            if (data[start] == '-' && startsWith(data, start, lineEnd(data, start), BEGIN)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the last PEM marker line is a BEGIN: the text stops inside a block, as a file being written does.
     * Looks back from the end only, so a long bundle costs no more than its last block.
     */
    static boolean endsInsideBlock(byte[] data) {
        int end = data.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && data[start - 1] != '\n') {
                start--;
            }
            if (data[start] == '-') {
                if (startsWith(data, start, end, BEGIN)) {
                    return true;
                }
                if (startsWith(data, start, end, END)) {
                    return false;
                }
            }
            end = start - 1;
        }
        return false;
    }

    static List<PemBlock> parse(byte[] data, String location, InputProblems problems) {
        List<PemBlock> blocks = new ArrayList<>();
        Base64Body body = new Base64Body(); // one buffer for all blocks of the file: no block is longer than it
        String openLabel = null;
        int openLine = 0;
        int openStart = 0;
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
                    openStart = start;
                    body.start(data.length);
                    start = end + 1;
                    continue;
                }
                if (endLabel != null) {
                    if (!endLabel.equals(openLabel)) {
                        problems.skip(location + ":" + openLine, "PEM block \"" + openLabel + "\" ends with \"END "
                                + endLabel + "\" at line " + line);
                    } else if (isCertificateLabel(openLabel)) {
                        PemBlock block = decode(openLabel, body, openLine, location, problems, openStart,
                                Math.min(end + 1, data.length));
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
            start = body.line(data, start, line) + 1;
        }
        if (openLabel != null) {
            problems.skip(location + ":" + openLine, "truncated PEM block \"" + openLabel + "\": no END line");
        }
        return blocks;
    }

    private static boolean isCertificateLabel(String label) {
        return label.equals("CERTIFICATE") || label.equals("X509 CERTIFICATE") || label.equals("TRUSTED CERTIFICATE");
    }

    private static PemBlock decode(String label, Base64Body body, int line, String location,
            InputProblems problems, int textStart, int textEnd) {
        if (body.isEmpty() && body.firstBadLine() == 0) {
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" is empty");
            return null;
        }
        if (body.firstBadLine() != 0) {
            problems.skip(location + ":" + body.firstBadLine(), "PEM block \"" + label + "\" (line " + line
                    + ") has a character that is not base64");
            return null;
        }
        if (body.error() != null) {
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" is not valid base64: " + body.error());
            return null;
        }
        byte[] der = body.decoded();
        if (der.length == 0) {
            problems.skip(location + ":" + line, "PEM block \"" + label + "\" decodes to nothing");
            return null;
        }
        return new PemBlock(label.equals("TRUSTED CERTIFICATE"), der, line, textStart, textEnd);
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
        while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t' || data[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    private static int nextLine(byte[] data, int start) {
        return lineEnd(data, start) + 1;
    }
}
