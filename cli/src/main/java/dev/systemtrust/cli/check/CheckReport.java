package dev.systemtrust.cli.check;

import java.util.List;
import java.util.Optional;

/**
 * Everything one {@code check} found, for both renderings ({@link TextReport}, {@link JsonReport}).
 *
 * @param target       the server
 * @param route        direct or through which proxy, and why
 * @param handshake    what the server presented; empty when the connection failed
 * @param connectError why no chain was received; empty when one was
 * @param backendId    the SystemTrust backend reading the OS store
 * @param systemTrust  SystemTrust's judgement (empty when the connection failed)
 * @param jdk          the JDK default trust store's judgement (empty when the connection failed)
 * @param problems     what is wrong, verdict first
 * @param verdict      the conclusion
 * @param fix          the one fix that applies, if any
 * @param notes        other facts worth knowing
 */
record CheckReport(CheckTarget target, ProxyRoute route, Optional<ServedChainProbe.Handshake> handshake,
        String connectError, String backendId, Optional<StoreJudgement> systemTrust, Optional<StoreJudgement> jdk,
        List<Problem> problems, Verdict verdict, Optional<String> fix, List<String> notes) {

    static final int TRUSTED = 0;
    static final int NOT_TRUSTED = 1;
    static final int USAGE = 2;
    static final int COULD_NOT_CONNECT = 3;

    static CheckReport couldNotConnect(CheckTarget target, ProxyRoute route, String error, String backendId) {
        return new CheckReport(target, route, Optional.empty(), error, backendId, Optional.empty(), Optional.empty(),
                List.of(new Problem(Verdict.COULD_NOT_CONNECT, error)), Verdict.COULD_NOT_CONNECT, Optional.empty(),
                List.of());
    }

    int exitCode() {
        return switch (verdict) {
            case TRUSTED -> TRUSTED;
            case COULD_NOT_CONNECT -> COULD_NOT_CONNECT;
            default -> NOT_TRUSTED;
        };
    }
}
