package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shim as a test's fake OS, registered as a static extension: installs the library variant for the test class's
 * JVM, empties the fake OS before each test, and after each test checks that the bindings used it cleanly (no
 * argument, type or lifetime error, no object left alive). In between, fills it with the tests' certificates.
 */
final class ShimFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
    private final ShimLibrary.Variant variant;
    Shim shim;

    ShimFixture(ShimLibrary.Variant variant) {
        this.variant = variant;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shim = ShimLibrary.install(variant);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        shim.shim_reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertCleanUse();
    }

    /** Lists the certificate in the domain (SecTrustSettingsCopyCertificates). */
    ShimFixture list(int domain, X509Certificate certificate) {
        byte[] der = der(certificate);
        shim.shim_domain_add(domain, der, der.length);
        return this;
    }

    /** Gives the certificate this trust-settings array in the domain (see macos_shim.c for the spec grammar). */
    ShimFixture settings(int domain, X509Certificate certificate, String spec) {
        byte[] der = der(certificate);
        shim.shim_settings(domain, der, der.length, spec);
        return this;
    }

    /** Lists the certificate in the domain with this trust-settings array. */
    ShimFixture trust(int domain, X509Certificate certificate, String spec) {
        return list(domain, certificate).settings(domain, certificate, spec);
    }

    ShimFixture settingsStatus(int domain, X509Certificate certificate, int status) {
        byte[] der = der(certificate);
        shim.shim_settings_status(domain, der, der.length, status);
        return this;
    }

    ShimFixture keychain(X509Certificate certificate) {
        byte[] der = der(certificate);
        shim.shim_keychain_add(der, der.length);
        return this;
    }

    /**
     * The chain the next evaluations validate is the leaf given, then this certificate (after those added before):
     * a certificate macOS found itself, not one the server sent.
     */
    ShimFixture built(X509Certificate certificate) {
        byte[] der = der(certificate);
        shim.shim_chain_built(der, der.length);
        return this;
    }

    String errors() {
        byte[] buffer = new byte[32 * 1024];
        shim.shim_errors(buffer, buffer.length);
        return text(buffer);
    }

    String liveObjects() {
        byte[] buffer = new byte[32 * 1024];
        shim.shim_describe_live(buffer, buffer.length);
        return text(buffer);
    }

    /** Every argument was valid, and every CF object created has been released exactly once. */
    void assertCleanUse() {
        assertThat(shim.shim_error_count()).as("argument, type or lifetime errors the shim saw:%n%s", errors())
                .isZero();
        assertThat(shim.shim_live_objects()).as("CF objects still alive (leaked): %s", liveObjects()).isZero();
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
