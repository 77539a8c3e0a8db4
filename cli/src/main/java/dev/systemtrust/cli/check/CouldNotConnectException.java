package dev.systemtrust.cli.check;

/** No certificate chain was received: the network, the proxy or the TLS handshake failed first (exit code 3). */
final class CouldNotConnectException extends Exception {
    private static final long serialVersionUID = 1L;

    CouldNotConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
