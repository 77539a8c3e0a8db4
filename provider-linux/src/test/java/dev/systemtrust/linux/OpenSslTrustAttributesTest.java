package dev.systemtrust.linux;

import static dev.systemtrust.linux.TrustedBlocks.ANY_EKU;
import static dev.systemtrust.linux.TrustedBlocks.EMAIL;
import static dev.systemtrust.linux.TrustedBlocks.SERVER_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.DerElements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;

class OpenSslTrustAttributesTest {

    private static OpenSslTrustAttributes parse(byte[] aux) throws MalformedTrustAttributesException {
        byte[] prefixed = TrustedBlocks.concat(new byte[] {9, 9}, aux);
        return OpenSslTrustAttributes.parse(prefixed, 2);
    }

    @Test
    void readsTrustRejectAndAlias() throws Exception {
        OpenSslTrustAttributes attributes = parse(TrustedBlocks.aux(List.of(SERVER_AUTH, ANY_EKU), List.of(EMAIL), "Root A"));
        assertThat(attributes.trust()).containsExactly(SERVER_AUTH, ANY_EKU);
        assertThat(attributes.reject()).containsExactly(EMAIL);
        assertThat(attributes.alias()).isEqualTo("Root A");
    }

    @Test
    void absentFieldsAreNullButEmptyListsAreEmpty() throws Exception {
        OpenSslTrustAttributes onlyReject = parse(TrustedBlocks.aux(null, List.of(), null));
        assertThat(onlyReject.trust()).isNull();
        assertThat(onlyReject.reject()).isEmpty();
        assertThat(onlyReject.alias()).isNull();
        assertThat(parse(TrustedBlocks.aux(List.of(), null, null)).trust()).isEmpty();
    }

    @Test
    void noAttributesAtAllIsNone() throws Exception {
        assertThat(OpenSslTrustAttributes.parse(new byte[] {1, 2}, 2)).isEqualTo(OpenSslTrustAttributes.NONE);
        assertThat(parse(TrustedBlocks.aux(null, null, null))).isEqualTo(OpenSslTrustAttributes.NONE);
    }

    @Test
    void acceptsKeyIdAndOtherFields() throws Exception {
        byte[] aux = TrustedBlocks.aux(TrustedBlocks.oids(List.of(SERVER_AUTH)), new DERUTF8String("k"),
                new DEROctetString(new byte[] {1, 2, 3}),
                new DERTaggedObject(false, 1, new DERSequence(new DERSequence(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3")))));
        OpenSslTrustAttributes attributes = parse(aux);
        assertThat(attributes.trust()).containsExactly(SERVER_AUTH);
        assertThat(attributes.alias()).isEqualTo("k");
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] aux = TrustedBlocks.concat(TrustedBlocks.aux(List.of(SERVER_AUTH), null, null), new byte[] {0});
        assertThatThrownBy(() -> parse(aux)).isInstanceOf(MalformedTrustAttributesException.class)
                .hasMessageContaining("extra bytes");
    }

    @Test
    void truncatedAttributesAreMalformed() {
        byte[] aux = TrustedBlocks.aux(List.of(SERVER_AUTH), List.of(EMAIL), null);
        byte[] truncated = java.util.Arrays.copyOf(aux, aux.length - 3);
        assertThatThrownBy(() -> parse(truncated)).isInstanceOf(MalformedTrustAttributesException.class);
    }

    @Test
    void fieldsOutOfOrderAreMalformed() {
        byte[] aux = TrustedBlocks.aux(new DERUTF8String("alias first"), TrustedBlocks.oids(List.of(SERVER_AUTH)));
        assertThatThrownBy(() -> parse(aux)).isInstanceOf(MalformedTrustAttributesException.class);
    }

    @Test
    void repeatedTrustListIsMalformed() {
        byte[] aux = TrustedBlocks.aux(TrustedBlocks.oids(List.of(EMAIL)), TrustedBlocks.oids(List.of(SERVER_AUTH)));
        assertThatThrownBy(() -> parse(aux)).isInstanceOf(MalformedTrustAttributesException.class);
    }

    @Test
    void unknownTagIsMalformed() {
        byte[] aux = TrustedBlocks.aux(new DERTaggedObject(false, 2, TrustedBlocks.oids(List.of(SERVER_AUTH))));
        assertThatThrownBy(() -> parse(aux)).isInstanceOf(MalformedTrustAttributesException.class);
    }

    @Test
    void rejectListWithNonOidIsMalformed() {
        byte[] aux = TrustedBlocks.aux(new DERTaggedObject(false, 0, new DERSequence(new ASN1Integer(1))));
        assertThatThrownBy(() -> parse(aux)).isInstanceOf(MalformedTrustAttributesException.class)
                .hasMessageContaining("reject");
    }

    @Test
    void aliasThatIsNotUtf8IsMalformed() {
        // Found by the fuzz test: a UTF8String holding 0xff.
        byte[] aux = {0x30, 0x03, 0x0c, 0x01, (byte) 0xff};
        assertThatThrownBy(() -> parse(aux)).isInstanceOf(MalformedTrustAttributesException.class);
    }

    @Test
    void notASequenceIsMalformed() {
        assertThatThrownBy(() -> parse(new DERUTF8String("x").getEncoded())).isInstanceOf(MalformedTrustAttributesException.class);
    }

    @Test
    void readsWhatOpenSslWrites() throws Exception {
        OpenSslTrustAttributes attributes = fromOpenSslFixture("root-trust-serverauth-alias.pem");
        assertThat(attributes.trust()).containsExactly(SERVER_AUTH);
        assertThat(attributes.reject()).containsExactly(EMAIL);
        assertThat(attributes.alias()).isEqualTo("My Test Root");
        assertThat(fromOpenSslFixture("root-reject-any.pem").reject()).containsExactly(ANY_EKU);
        assertThat(fromOpenSslFixture("root-alias-only.pem")).isEqualTo(new OpenSslTrustAttributes(null, null, "Alias Only"));
    }

    private static OpenSslTrustAttributes fromOpenSslFixture(String name) throws IOException, MalformedTrustAttributesException {
        byte[] der = PemParser.parse(fixture(name), name, (location, reason) -> {
            throw new AssertionError(location + " " + reason);
        }).get(0).der();
        return OpenSslTrustAttributes.parse(der, DerElements.elementLength(der, 0));
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = OpenSslTrustAttributesTest.class.getResourceAsStream("openssl/" + name)) {
            if (in == null) {
                throw new IOException("missing test fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static String fixtureText(String name) throws IOException {
        return new String(fixture(name), StandardCharsets.US_ASCII);
    }
}
