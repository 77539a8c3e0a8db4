package dev.systemtrust.linux;

import static dev.systemtrust.linux.TrustedBlocks.ANY_EKU;
import static dev.systemtrust.linux.TrustedBlocks.CLIENT_AUTH;
import static dev.systemtrust.linux.TrustedBlocks.EMAIL;
import static dev.systemtrust.linux.TrustedBlocks.SERVER_AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.ExclusionReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerAuthDecisionTest {

    private static ExclusionReason decide(List<String> trust, List<String> reject, boolean selfSigned) {
        return ServerAuthDecision.decide(new OpenSslTrustAttributes(trust, reject, null), selfSigned).exclusion();
    }

    @Test
    void rejectOfServerAuthOrAnyEkuDistrustsWhateverTheTrustList() {
        assertThat(decide(List.of(SERVER_AUTH), List.of(SERVER_AUTH), true)).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(decide(List.of(SERVER_AUTH), List.of(ANY_EKU), true)).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(decide(null, List.of(EMAIL, SERVER_AUTH), true)).isEqualTo(ExclusionReason.DISTRUSTED);
    }

    @Test
    void p11KitBlocklistedShapeIsDistrusted() {
        // p11-kit writes blocklisted CAs with no trust list and serverAuth (among others) rejected.
        assertThat(decide(null, List.of(SERVER_AUTH, CLIENT_AUTH, EMAIL), false)).isEqualTo(ExclusionReason.DISTRUSTED);
    }

    @Test
    void rejectOfOtherPurposesDoesNotDistrust() {
        assertThat(decide(List.of(SERVER_AUTH), List.of(EMAIL), false)).isNull();
        assertThat(decide(null, List.of(EMAIL), true)).isNull();
    }

    @Test
    void trustListDecidesWhenPresentAndRejectsTlsServersWhenItLacksThem() {
        assertThat(decide(List.of(SERVER_AUTH), null, false)).isNull();
        assertThat(decide(List.of(EMAIL, ANY_EKU), null, false)).isNull();
        // OpenSSL's obj_trust returns X509_TRUST_REJECTED here: such a CA fails every server chain through it.
        assertThat(decide(List.of(EMAIL), null, true)).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(decide(List.of(), null, true)).isEqualTo(ExclusionReason.DISTRUSTED);
    }

    @Test
    void withoutTrustListOnlySelfSignedCertificatesAreAnchors() {
        assertThat(decide(null, null, true)).isNull();
        assertThat(decide(null, null, false)).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(ServerAuthDecision.decide(OpenSslTrustAttributes.NONE, true).isAnchor()).isTrue();
    }
}
