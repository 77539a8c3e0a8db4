package dev.systemtrust.windows;

import static dev.systemtrust.windows.WincryptConstants.CERT_DISALLOWED_CA_FILETIME_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_DISALLOWED_FILETIME_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_NOT_BEFORE_FILETIME_PROP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.windows.CertificateStores.PropertyRead;
import dev.systemtrust.windows.PartialDistrustRule.Kind;
import dev.systemtrust.windows.PartialDistrustRule.Verdict;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartialDistrustRuleTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** SEQUENCE { serverAuth }. */
    private static final byte[] SERVER_AUTH = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
    /** SEQUENCE { clientAuth, emailProtection }. */
    private static final byte[] CLIENT_AND_EMAIL = {0x30, 0x14, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03,
            0x02, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04};
    /** SEQUENCE { anyExtendedKeyUsage }. */
    private static final byte[] ANY = {0x30, 0x06, 0x06, 0x04, 0x55, 0x1d, 0x25, 0x00};
    private static final byte[] EMPTY_LIST = {0x30, 0x00};

    private static Verdict decide(Map<Integer, PropertyRead> present) {
        return PartialDistrustRule.decide(FakeStores.properties(present), NOW);
    }

    private static PropertyRead time(String instant) {
        long ticks = Filetime.ticks(Instant.parse(instant));
        byte[] value = new byte[8];
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (ticks >>> (8 * i));
        }
        return PropertyRead.of(value);
    }

    @Test
    void noPropertyIsNoRestriction() {
        assertThat(decide(Map.of())).isEqualTo(Verdict.NONE);
    }

    @Test
    void serverAuthDisallowedIsDistrustNowOrFromAPastDate() {
        assertThat(decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(SERVER_AUTH))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.DISTRUSTED,
                        "Microsoft disallows this root for serverAuth (disallowed usages [1.3.6.1.5.5.7.3.1])");
        assertThat(decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(ANY),
                CERT_DISALLOWED_FILETIME_PROP_ID, time("2025-04-15T00:00:00Z"))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.DISTRUSTED,
                        "Microsoft disallows this root for serverAuth (disallowed usages [2.5.29.37.0]) since "
                                + "2025-04-15T00:00:00Z");
        assertThat(decide(Map.of(CERT_DISALLOWED_FILETIME_PROP_ID, time("2025-04-15T00:00:00Z"))).kind())
                .as("a date without a list disallows every purpose").isEqualTo(Kind.DISTRUSTED);
    }

    @Test
    void aFutureDisallowDateCannotBeExpressedSoTheRootIsNotAnAnchorYetNotDistrusted() {
        Verdict verdict = decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(SERVER_AUTH),
                CERT_DISALLOWED_FILETIME_PROP_ID, time("2027-06-30T00:00:00Z")));

        assertThat(verdict.kind()).isEqualTo(Kind.RESTRICTED);
        assertThat(verdict.detail()).endsWith("from 2027-06-30T00:00:00Z: a KeyStore anchor cannot end at a date");
    }

    @Test
    void otherPurposesDisallowedLeaveTlsServersAlone() {
        assertThat(decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(CLIENT_AND_EMAIL),
                CERT_DISALLOWED_FILETIME_PROP_ID, time("2020-01-01T00:00:00Z")))).isEqualTo(Verdict.NONE);
        assertThat(decide(Map.of(CERT_NOT_BEFORE_FILETIME_PROP_ID, time("2020-01-01T00:00:00Z"),
                CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID, PropertyRead.of(CLIENT_AND_EMAIL)))).isEqualTo(Verdict.NONE);
    }

    @Test
    void aNotBeforeDateForServerAuthKeepsTheRootOutOfTheAnchors() {
        assertThat(decide(Map.of(CERT_NOT_BEFORE_FILETIME_PROP_ID, time("2019-07-01T00:00:00Z"))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.RESTRICTED,
                        "Windows trusts this root for serverAuth only for certificates issued before "
                                + "2019-07-01T00:00:00Z: a KeyStore anchor cannot express that");
        assertThat(decide(Map.of(CERT_NOT_BEFORE_FILETIME_PROP_ID, time("2019-07-01T00:00:00Z"),
                CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID, PropertyRead.of(SERVER_AUTH))).kind())
                .isEqualTo(Kind.RESTRICTED);
    }

    @Test
    void aDisallowedCaDateOfAnyKindKeepsTheRootOutOfTheAnchorsWithoutDistrustingIt() {
        assertThat(decide(Map.of(CERT_DISALLOWED_CA_FILETIME_PROP_ID, time("2024-11-01T00:00:00Z"))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.RESTRICTED,
                        "Microsoft disallows this root as a CA for certificates issued after 2024-11-01T00:00:00Z "
                                + "(CERT_DISALLOWED_CA_FILETIME_PROP_ID, whose exact meaning Microsoft does not "
                                + "document): a KeyStore anchor cannot express that");
        assertThat(decide(Map.of(CERT_DISALLOWED_CA_FILETIME_PROP_ID, time("2030-01-01T00:00:00Z"))).kind())
                .as("a date still to come").isEqualTo(Kind.RESTRICTED);
        assertThat(decide(Map.of(CERT_DISALLOWED_CA_FILETIME_PROP_ID, PropertyRead.of(new byte[] {1, 2, 3}))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.RESTRICTED,
                        "Microsoft disallows this root as a CA for certificates issued after a date it holds in an "
                                + "unknown form (3 bytes) (CERT_DISALLOWED_CA_FILETIME_PROP_ID, whose exact meaning "
                                + "Microsoft does not document): a KeyStore anchor cannot express that");
        assertThat(decide(Map.of(CERT_DISALLOWED_CA_FILETIME_PROP_ID, PropertyRead.of(new byte[0]))).kind())
                .as("present but empty").isEqualTo(Kind.RESTRICTED);
        assertThat(decide(Map.of(CERT_DISALLOWED_CA_FILETIME_PROP_ID, PropertyRead.notReturned(0x8009000B))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.RESTRICTED,
                        "reading CERT_DISALLOWED_CA_FILETIME_PROP_ID failed (0x8009000B): not trusted without an "
                                + "answer");
        assertThat(decide(Map.of(CERT_DISALLOWED_CA_FILETIME_PROP_ID, time("2024-11-01T00:00:00Z"),
                CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(SERVER_AUTH))).kind())
                .as("a serverAuth disallow in effect still distrusts").isEqualTo(Kind.DISTRUSTED);
    }

    @Test
    void whatCannotBeReadOrDecodedIsNotTrusted() {
        assertThat(decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.notReturned(0x8009000B))))
                .extracting(Verdict::kind, Verdict::detail).containsExactly(Kind.RESTRICTED,
                        "reading CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID failed (0x8009000B): not trusted without an "
                                + "answer");
        assertThat(decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(new byte[] {0x04, 0x00})))
                .detail()).startsWith("CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID is not a usage list");
        assertThat(decide(Map.of(CERT_NOT_BEFORE_FILETIME_PROP_ID, PropertyRead.of(new byte[4]))).detail())
                .isEqualTo("CERT_NOT_BEFORE_FILETIME_PROP_ID is not a date (a FILETIME has 8 bytes, not 4)");
        assertThat(decide(Map.of(CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, PropertyRead.of(EMPTY_LIST))).kind())
                .as("an empty disallowed list: what it restricts cannot be told").isEqualTo(Kind.DISTRUSTED);
        assertThat(PartialDistrustRule.decide(Map.of(), NOW).kind()).isEqualTo(Kind.RESTRICTED);
    }
}
