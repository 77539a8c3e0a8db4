package dev.systemtrust.cli.check;

/**
 * What {@code check} concludes, most fundamental first: when several apply, the first one listed here is the
 * verdict and the one its fix addresses. The code is the JSON value; the words are for people.
 */
enum Verdict {
    DISTRUSTED("distrusted-by-os", "distrusted by the OS"),
    SELF_SIGNED("self-signed", "self-signed certificate"),
    MISSING_INTERMEDIATE("missing-intermediate", "missing intermediate: the server does not send it"),
    UNKNOWN_ISSUER("unknown-issuer", "unknown issuer"),
    EXPIRED("expired", "expired"),
    NOT_YET_VALID("not-yet-valid", "not yet valid"),
    WEAK_ALGORITHM("weak-algorithm", "weak algorithm refused by the JDK"),
    REJECTED("rejected", "rejected"),
    HOSTNAME_MISMATCH("hostname-mismatch", "host-name mismatch"),
    TRUSTED("trusted", "trusted by SystemTrust"),
    COULD_NOT_CONNECT("could-not-connect", "could not connect");

    private final String code;
    private final String words;

    Verdict(String code, String words) {
        this.code = code;
        this.words = words;
    }

    String code() {
        return code;
    }

    String words() {
        return words;
    }
}
