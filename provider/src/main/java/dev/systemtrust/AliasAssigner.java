package dev.systemtrust;

import dev.systemtrust.spi.TrustedCertificate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Gives each anchor an alias that is readable and stable across loads and machines:
 * {@code <name>-<CRC-32 of the DER encoding, 8 hex digits>}, e.g. {@code isrg-root-x1-65e5a5b2}. The name is the
 * OS label when there is one, else the subject's CN, OU or O.
 *
 * <p>The tag only tells certificates of the same name apart; nothing trusts by alias. CRC-32 rather than a SHA-256
 * prefix because the JDK computes it natively: hashing 150 certificates with SHA-256 in a fresh JVM, before the
 * JIT has compiled the digest, costs a tenth of a first load. Two certificates whose name and tag both clash
 * (accidentally or by construction) are told apart by appending a SHA-256 prefix, widened until unique.
 */
public final class AliasAssigner {
    private static final int SHORT_FINGERPRINT = 8;
    private static final int MAX_NAME = 64;

    private AliasAssigner() {
    }

    public static Map<String, X509Certificate> assign(List<TrustedCertificate> anchors) {
        return assign(anchors, new Crc32Tag());
    }

    /** {@code tag} gives the 8-hex-digit tag of a certificate's encoding; replaceable so tests can force clashes. */
    static Map<String, X509Certificate> assign(List<TrustedCertificate> anchors, Function<byte[], String> tag) {
        Map<String, X509Certificate> byAlias = new LinkedHashMap<>();
        for (TrustedCertificate anchor : anchors) {
            X509Certificate certificate = anchor.certificate();
            String alias = slug(displayName(anchor)) + "-" + tag.apply(encoded(certificate));
            X509Certificate holder = byAlias.get(alias);
            if (holder != null && !holder.equals(certificate)) {
                String fingerprint = sha256Hex(certificate);
                String base = alias + "-";
                int digits = SHORT_FINGERPRINT;
                alias = base + fingerprint.substring(0, digits);
                while (byAlias.containsKey(alias) && digits < fingerprint.length()) {
                    digits = Math.min(fingerprint.length(), digits * 2);
                    alias = base + fingerprint.substring(0, digits);
                }
            }
            byAlias.putIfAbsent(alias, certificate);
        }
        return byAlias;
    }

    /** CRC-32 as 8 lower-case hex digits; a class, not a lambda, which would cost a class spin on a cold start. */
    private static final class Crc32Tag implements Function<byte[], String> {
        private final CRC32 crc = new CRC32();

        @Override
        public String apply(byte[] encoding) {
            crc.reset();
            crc.update(encoding, 0, encoding.length);
            String hex = Long.toHexString(crc.getValue());
            return "0".repeat(SHORT_FINGERPRINT - hex.length()) + hex;
        }
    }

    public static String displayName(TrustedCertificate anchor) {
        if (anchor.label() != null && !anchor.label().isBlank()) {
            return anchor.label();
        }
        return subjectName(anchor.certificate());
    }

    /** The subject's most specific CN, else OU, else O, as written; the whole DN when it has none. */
    static String subjectName(X509Certificate certificate) {
        String preferred;
        try {
            preferred = PreferredSubjectName.ofTbsCertificate(certificate.getTBSCertificate());
        } catch (CertificateEncodingException e) {
            preferred = null;
        }
        if (preferred != null) {
            return preferred;
        }
        String dn = certificate.getSubjectX500Principal().getName();
        return dn.isEmpty() ? "unnamed" : dn;
    }

    static String slug(String name) {
        StringBuilder slug = new StringBuilder();
        boolean pendingDash = false;
        for (int i = 0; i < name.length() && slug.length() < MAX_NAME; i++) {
            char c = name.charAt(i);
            // Only ASCII letters and digits are kept, so ASCII case folding is all there is to do; String.toLowerCase
            // would load Unicode case tables on a cold start for any name outside Latin-1.
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
                if (pendingDash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(lower);
                pendingDash = false;
            } else {
                pendingDash = true;
            }
        }
        return slug.length() == 0 ? "cert" : slug.toString();
    }

    /** The SHA-256 fingerprint, as 64 lower-case hex digits. */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded(certificate)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate that was already parsed", e);
        }
    }
}
