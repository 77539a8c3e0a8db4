package dev.systemtrust.cli.check;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.spi.IssuerSignature;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What a person needs to recognise a certificate: names, validity, key, signature, fingerprint, and the weaknesses
 * that browsers and OpenSSL's default security level refuse even where this JDK's policy still accepts them.
 */
record CertificateFacts(String subject, String issuer, Instant notBefore, Instant notAfter, String keyAlgorithm,
        int keyBits, String signatureAlgorithm, String sha256, boolean selfSigned, List<String> names,
        List<String> weaknesses) {

    static CertificateFacts of(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        int bits = keyBits(key);
        String signature = certificate.getSigAlgName();
        return new CertificateFacts(certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), key.getAlgorithm(), bits, signature,
                AliasAssigner.sha256Hex(certificate), IssuerSignature.selfSigned(certificate), names(certificate),
                weaknesses(key.getAlgorithm(), bits, signature));
    }

    /** Key size in bits as key strength is usually stated (RSA modulus, EC field), or -1 if unknown. */
    static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        NamedParameterSpec named = key instanceof EdECPublicKey ed ? ed.getParams()
                : key instanceof XECPublicKey xec && xec.getParams() instanceof NamedParameterSpec spec ? spec : null;
        if (named != null) {
            return switch (named.getName().toUpperCase(Locale.ROOT)) {
                case "ED25519", "X25519" -> 255;
                case "ED448", "X448" -> 448;
                default -> -1;
            };
        }
        return -1;
    }

    /** The subject alternative names a host is matched against, as {@code DNS:name} and {@code IP:address}. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    Object type = name.get(0);
                    if (Integer.valueOf(2).equals(type)) {
                        names.add("DNS:" + name.get(1));
                    } else if (Integer.valueOf(7).equals(type)) {
                        names.add("IP:" + name.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            names.add("(unreadable subject alternative names: " + e.getMessage() + ")");
        }
        return List.copyOf(names);
    }

    /** MD2/MD5/SHA-1 signatures; RSA or DSA keys under 2048 bits; EC keys under 224 bits (OpenSSL level 2). */
    static List<String> weaknesses(String keyAlgorithm, int bits, String signatureAlgorithm) {
        List<String> weak = new ArrayList<>();
        String signature = signatureAlgorithm.toUpperCase(Locale.ROOT);
        for (String digest : List.of("MD2", "MD5", "SHA1")) {
            if (signature.startsWith(digest + "WITH")) {
                weak.add(digest.replace("SHA1", "SHA-1") + " signature");
            }
        }
        boolean rsaOrDsa = keyAlgorithm.equals("RSA") || keyAlgorithm.equals("DSA")
                || keyAlgorithm.equals("RSASSA-PSS");
        if (bits > 0 && rsaOrDsa && bits < 2048) {
            weak.add(keyAlgorithm + " key of " + bits + " bits (under 2048)");
        }
        if (bits > 0 && keyAlgorithm.equals("EC") && bits < 224) {
            weak.add("EC key of " + bits + " bits (under 224)");
        }
        return List.copyOf(weak);
    }
}
