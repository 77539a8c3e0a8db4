package dev.systemtrust;

import dev.systemtrust.spi.TrustedCertificate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives each anchor an alias that is readable and stable across loads and machines:
 * {@code <name>-<first 8 hex digits of the SHA-256 fingerprint>}, e.g. {@code isrg-root-x1-96bcec06}.
 * The name is the OS label when there is one, else the subject's CN, OU or O.
 */
public final class AliasAssigner {
    private static final int SHORT_FINGERPRINT = 8;
    private static final int MAX_NAME = 64;

    private AliasAssigner() {
    }

    public static Map<String, X509Certificate> assign(List<TrustedCertificate> anchors) {
        Map<String, X509Certificate> byAlias = new LinkedHashMap<>();
        MessageDigest sha256 = newSha256(); // one instance: a provider lookup per certificate is costly on a cold start
        for (TrustedCertificate anchor : anchors) {
            String name = slug(displayName(anchor));
            String fingerprint = sha256Hex(sha256, anchor.certificate());
            // Widen the fingerprint part only on a clash, so the common case stays short.
            int digits = SHORT_FINGERPRINT;
            String alias = name + "-" + fingerprint.substring(0, digits);
            while (byAlias.containsKey(alias) && digits < fingerprint.length()) {
                digits = Math.min(fingerprint.length(), digits * 2);
                alias = name + "-" + fingerprint.substring(0, digits);
            }
            byAlias.putIfAbsent(alias, anchor.certificate());
        }
        return byAlias;
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
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        boolean pendingDash = false;
        for (int i = 0; i < lower.length() && slug.length() < MAX_NAME; i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingDash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(c);
                pendingDash = false;
            } else {
                pendingDash = true;
            }
        }
        return slug.length() == 0 ? "cert" : slug.toString();
    }

    public static String sha256Hex(X509Certificate certificate) {
        return sha256Hex(newSha256(), certificate);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String sha256Hex(MessageDigest sha256, X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(sha256.digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate that was already parsed", e);
        }
    }
}
