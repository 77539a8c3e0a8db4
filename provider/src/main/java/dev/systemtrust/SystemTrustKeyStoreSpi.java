package dev.systemtrust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

/**
 * The read-only {@code SystemTrust} KeyStore: one trusted-certificate entry per OS trust anchor.
 *
 * <p>{@code load} ignores its stream and password: the JDK passes the bytes of {@code cacerts} when only
 * {@code javax.net.ssl.trustStoreType} is set, and {@code null} with {@code trustStore=NONE}. A load reads the
 * OS store unless the backend reports its inputs unchanged since the last read (see {@link ReportCache}).
 */
public final class SystemTrustKeyStoreSpi extends KeyStoreSpi {

    static final String READ_ONLY = "The SystemTrust KeyStore is read-only: it mirrors the operating system's trust "
            + "store. Add or remove trust with the OS's own tools (e.g. update-ca-certificates, trust anchor, "
            + "Keychain Access, certmgr), or copy the certificates into a PKCS12 KeyStore you own.";

    private volatile Map<String, X509Certificate> entries = Map.of();

    @Override
    public void engineLoad(InputStream ignoredStream, char[] ignoredPassword) throws IOException {
        entries = TrustStoreReader.snapshot().aliases();
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter ignored) throws IOException {
        engineLoad(null, null);
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        throw new IOException(READ_ONLY);
    }

    @Override
    public void engineStore(KeyStore.LoadStoreParameter param) throws IOException {
        throw new IOException(READ_ONLY);
    }

    @Override
    public boolean engineProbe(InputStream stream) {
        return false;
    }

    @Override
    public Key engineGetKey(String alias, char[] password) {
        return null;
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        return null;
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        return alias == null ? null : entries.get(alias.toLowerCase(Locale.ROOT));
    }

    /** The certificate's notBefore: stable across loads, unlike the time of the read. */
    @Override
    public Date engineGetCreationDate(String alias) {
        X509Certificate certificate = (X509Certificate) engineGetCertificate(alias);
        return certificate == null ? null : certificate.getNotBefore();
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain)
            throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetEntry(String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protParam)
            throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(entries.keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return engineGetCertificate(alias) != null;
    }

    @Override
    public int engineSize() {
        return entries.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return false;
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return engineContainsAlias(alias);
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        for (Map.Entry<String, X509Certificate> entry : entries.entrySet()) {
            if (entry.getValue().equals(cert)) {
                return entry.getKey();
            }
        }
        return null;
    }
}
