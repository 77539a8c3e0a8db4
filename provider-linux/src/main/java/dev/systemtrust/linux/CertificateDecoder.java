package dev.systemtrust.linux;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Turns DER bytes into certificates, parsing each distinct encoding once per read: a Debian system lists
 * every CA in the bundle, as a {@code .pem} link and as a {@code <hash>.0} link, and X.509 parsing is the
 * expensive step. Failures are remembered too, so repeated garbage is not re-parsed.
 */
final class CertificateDecoder {
    private final CertificateFactory factory;
    private final Map<DerKey, Decoded> byEncoding = new HashMap<>();
    /** The JDK computes CRC-32 natively; Arrays.hashCode would run interpreted over every certificate's bytes. */
    private final CRC32 crc = new CRC32();

    /** A parsed certificate with its DER subject, or why the bytes are not one. */
    record Decoded(X509Certificate certificate, boolean selfSigned, byte[] subject, String error) {
    }

    CertificateDecoder() {
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }

    /** {@code der} must hold exactly one DER element (checked by the caller with {@link DerLength}). */
    Decoded decode(byte[] der) {
        crc.reset();
        crc.update(der, 0, der.length);
        DerKey key = new DerKey(der, (int) crc.getValue());
        Decoded decoded = byEncoding.get(key);
        if (decoded == null) {
            decoded = parse(der);
            byEncoding.put(key, decoded);
        }
        return decoded;
    }

    private Decoded parse(byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            TbsFields fields = TbsFields.of(der);
            return new Decoded(certificate, fields != null && SelfSignedCheck.isSelfSigned(certificate, fields),
                    fields != null ? fields.subject : certificate.getSubjectX500Principal().getEncoded(), null);
        } catch (CertificateException | RuntimeException e) {
            return new Decoded(null, false, null, "not a valid X.509 certificate: " + e.getMessage());
        }
    }

    /** Byte-array key with value equality and a precomputed hash. */
    private static final class DerKey {
        private final byte[] bytes;
        private final int hash;

        DerKey(byte[] bytes, int hash) {
            this.bytes = bytes;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DerKey key && key.hash == hash && Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
