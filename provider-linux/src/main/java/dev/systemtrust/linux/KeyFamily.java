package dev.systemtrust.linux;

import java.util.Arrays;

/**
 * The public-key type of a signature or key algorithm OID, paired as OpenSSL 3 does when it decides whether a
 * certificate could have signed itself ({@code check_sig_alg_match}): the signature's key type must be the
 * certificate's own, except that an RSA key may carry an RSASSA-PSS signature. OIDs are compared as DER content
 * octets, so no OID is ever formatted as text on the load path.
 */
enum KeyFamily {
    RSA, RSA_PSS, EC, DSA, ED25519, ED448, UNKNOWN;

    private static final byte[] PKCS1 = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01}; // 1.2.840.113549.1.1
    private static final byte[] ANSI_X962_SIGNATURES = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04}; // 1.2.840.10045.4
    private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01}; // 1.2.840.10045.2.1
    private static final byte[] X957 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x38, 0x04}; // 1.2.840.10040.4
    private static final byte[] NIST_SIGNATURES = {0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03}; // 2.16.840.1.101.3.4.3
    private static final byte[] OIW_ALGORITHMS = {0x2b, 0x0e, 0x03, 0x02}; // 1.3.14.3.2
    private static final byte[] EDWARDS = {0x2b, 0x65}; // 1.3.101
    private static final int ED25519_ARC = 112;
    private static final int ED448_ARC = 113;

    /** Whether a certificate with a key of type {@code key} could have made a signature of type {@code signature}. */
    static boolean signs(KeyFamily signature, KeyFamily key) {
        return signature != UNKNOWN && (signature == key || (key == RSA && signature == RSA_PSS));
    }

    /** The type of a SubjectPublicKeyInfo algorithm. */
    static KeyFamily ofKey(byte[] oid) {
        if (oid.length == PKCS1.length + 1 && startsWith(oid, PKCS1)) {
            int last = oid[PKCS1.length];
            return last == 1 ? RSA : last == 10 ? RSA_PSS : UNKNOWN; // rsaEncryption, id-RSASSA-PSS
        }
        if (Arrays.equals(oid, EC_PUBLIC_KEY)) {
            return EC;
        }
        if (oid.length == X957.length + 1 && startsWith(oid, X957) && oid[X957.length] == 1) {
            return DSA; // id-dsa
        }
        if (oid.length == OIW_ALGORITHMS.length + 1 && startsWith(oid, OIW_ALGORITHMS)
                && oid[OIW_ALGORITHMS.length] == 12) {
            return DSA; // the OIW DSA key OID some old roots carry
        }
        return edwards(oid);
    }

    /** The key type a signature algorithm signs with. */
    static KeyFamily ofSignature(byte[] oid) {
        if (oid.length == PKCS1.length + 1 && startsWith(oid, PKCS1)) {
            int last = oid[PKCS1.length];
            // md2/md4/md5/sha1WithRSAEncryption (2-5), sha224..sha512WithRSAEncryption (11-14), RSASSA-PSS (10).
            // Not sha512-224/256WithRSAEncryption (15, 16): OpenSSL 3.0 cannot pair them with a key type.
            return (last >= 2 && last <= 5) || (last >= 11 && last <= 14) ? RSA : last == 10 ? RSA_PSS : UNKNOWN;
        }
        if (startsWith(oid, ANSI_X962_SIGNATURES)) {
            // ecdsa-with-SHA1 (.1) and ecdsa-with-SHA224..512 (.3.1-.3.4)
            boolean sha1 = oid.length == ANSI_X962_SIGNATURES.length + 1 && oid[ANSI_X962_SIGNATURES.length] == 1;
            boolean sha2 = oid.length == ANSI_X962_SIGNATURES.length + 2 && oid[ANSI_X962_SIGNATURES.length] == 3
                    && oid[ANSI_X962_SIGNATURES.length + 1] >= 1 && oid[ANSI_X962_SIGNATURES.length + 1] <= 4;
            return sha1 || sha2 ? EC : UNKNOWN;
        }
        if (oid.length == X957.length + 1 && startsWith(oid, X957) && oid[X957.length] == 3) {
            return DSA; // dsa-with-sha1
        }
        if (oid.length == NIST_SIGNATURES.length + 1 && startsWith(oid, NIST_SIGNATURES)) {
            int last = oid[NIST_SIGNATURES.length];
            // dsa-with-sha224/256 (1-2) and id-rsassa-pkcs1-v1_5-with-sha3-* (13-16). Not DSA with SHA-384/512 or
            // SHA-3, nor ECDSA with SHA-3 (3-12): OpenSSL 3.0 cannot pair them with a key type, so never self-signed.
            return last >= 1 && last <= 2 ? DSA : last >= 13 && last <= 16 ? RSA : UNKNOWN;
        }
        if (oid.length == OIW_ALGORITHMS.length + 1 && startsWith(oid, OIW_ALGORITHMS)) {
            int last = oid[OIW_ALGORITHMS.length];
            // sha1WithRSASignature (29); dsaWithSHA (13) and dsaWithSHA1 (27)
            return last == 29 ? RSA : last == 13 || last == 27 ? DSA : UNKNOWN;
        }
        return edwards(oid);
    }

    private static KeyFamily edwards(byte[] oid) {
        if (oid.length != 3 || !startsWith(oid, EDWARDS)) {
            return UNKNOWN;
        }
        return oid[2] == ED25519_ARC ? ED25519 : oid[2] == ED448_ARC ? ED448 : UNKNOWN;
    }

    private static boolean startsWith(byte[] oid, byte[] prefix) {
        return oid.length >= prefix.length && Arrays.equals(oid, 0, prefix.length, prefix, 0, prefix.length);
    }
}
