package dev.systemtrust.linux;

import dev.systemtrust.spi.DerElements;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
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
    private final CRC32 crc = new CRC32();
    /** Decoding certificates ahead on another thread, until its results are taken in; or {@code null}. */
    private Ahead ahead;

    /**
     * A parsed certificate with its DER subject, or why the bytes are not one ({@code certificate} {@code null}), or,
     * with a certificate, why OpenSSL refuses it (its subject or issuer has no canonical form, see {@link
     * CanonicalName}): such a certificate adds nothing to trust, but what it distrusts still counts.
     */
    record Decoded(X509Certificate certificate, boolean selfSigned, byte[] subject, String error) {
        /** Whether the certificate may be used: parsed here, and not refused by OpenSSL. */
        boolean usable() {
            return error == null;
        }
    }

    CertificateDecoder() {
        factory = newFactory();
    }

    private static CertificateFactory newFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }

    /**
     * Starts decoding the later half of {@code ders} on another thread, while the caller decodes the first half
     * through {@link #decode}: on a cold JVM the JDK's X.509 parsing is most of a first load, and a second core
     * halves it. Each array must be exactly one DER element, and be passed to {@link #decode} as the same instance.
     */
    void decodeAhead(List<byte[]> ders) {
        if (ahead == null && ders.size() >= 2) {
            Ahead helper = new Ahead(ders.subList(ders.size() / 2, ders.size()));
            if (HelperThreads.start(helper)) {
                ahead = helper;
            }
        }
    }

    /** {@code der} must hold exactly one DER element (checked by the caller with {@link DerElements}). */
    Decoded decode(byte[] der) {
        if (ahead != null && ahead.covers(der)) {
            ahead.takeInto(byEncoding);
            ahead = null;
        }
        DerKey key = DerKey.of(der, crc);
        Decoded decoded = byEncoding.get(key);
        if (decoded == null) {
            decoded = parse(factory, der);
            byEncoding.put(key, decoded);
        }
        return decoded;
    }

    /** Decodes some certificates on its own thread with its own factory; its results are read after {@code join}. */
    private static final class Ahead extends Thread {
        private final Map<byte[], Boolean> ders = new IdentityHashMap<>();
        private final List<byte[]> order;
        private final Map<DerKey, Decoded> decoded = new HashMap<>();

        Ahead(List<byte[]> ders) {
            super("SystemTrust certificate decoder");
            setDaemon(true);
            this.order = List.copyOf(ders);
            for (byte[] der : ders) {
                this.ders.put(der, Boolean.TRUE);
            }
        }

        boolean covers(byte[] der) {
            return ders.containsKey(der);
        }

        @Override
        public void run() {
            try {
                CertificateFactory factory = newFactory();
                CRC32 crc = new CRC32();
                for (byte[] der : order) {
                    decoded.put(DerKey.of(der, crc), parse(factory, der));
                }
            } catch (RuntimeException unexpected) {
                // Left undecoded; the scan's thread decodes what is missing and reports any failure itself.
            }
        }

        void takeInto(Map<DerKey, Decoded> results) {
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the scan's thread decodes them itself
            }
            for (Map.Entry<DerKey, Decoded> result : decoded.entrySet()) {
                results.putIfAbsent(result.getKey(), result.getValue()); // one instance per encoding, as before
            }
        }
    }

    private static Decoded parse(CertificateFactory factory, byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            TbsFields fields = TbsFields.of(der);
            return new Decoded(certificate, fields != null && SelfSignedCheck.isSelfSigned(certificate, fields),
                    fields != null ? fields.subject : certificate.getSubjectX500Principal().getEncoded(),
                    fields != null ? openSslRefusal(fields) : null);
        } catch (CertificateException | RuntimeException e) {
            return new Decoded(null, false, null, "not a valid X.509 certificate: " + e.getMessage());
        }
    }

    /**
     * Why OpenSSL refuses the certificate ({@code d2i_X509} fails while it canonicalises the names), or {@code null}.
     * Only names with text OpenSSL might fail to convert are looked at closely, which no clean store has.
     */
    private static String openSslRefusal(TbsFields fields) {
        String subject = TbsFields.mayLackCanonicalForm(fields.subject) ? CanonicalName.problem(fields.subject) : null;
        if (subject != null) {
            return "OpenSSL refuses this certificate: its subject has a value it cannot decode (" + subject + ")";
        }
        String issuer = TbsFields.mayLackCanonicalForm(fields.issuer) ? CanonicalName.problem(fields.issuer) : null;
        return issuer == null ? null
                : "OpenSSL refuses this certificate: its issuer has a value it cannot decode (" + issuer + ")";
    }

    /** Byte-array key with value equality and a precomputed hash. */
    private static final class DerKey {
        private final byte[] bytes;
        private final int hash;

        private DerKey(byte[] bytes, int hash) {
            this.bytes = bytes;
            this.hash = hash;
        }

        /** The JDK computes CRC-32 natively; Arrays.hashCode would run interpreted over every certificate's bytes. */
        static DerKey of(byte[] der, CRC32 crc) {
            crc.reset();
            crc.update(der, 0, der.length);
            return new DerKey(der, (int) crc.getValue());
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
