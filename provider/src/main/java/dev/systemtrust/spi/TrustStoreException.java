package dev.systemtrust.spi;

/** The OS trust store could not be consulted at all (as opposed to individual inputs being skipped). */
public class TrustStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrustStoreException(String message) {
        super(message);
    }

    public TrustStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
