package dev.systemtrust.windows;

/** How a system store is opened: {@code CertOpenStore}'s {@code lpszStoreProvider} constant. */
public enum StoreProvider {
    /** {@code CERT_STORE_PROV_SYSTEM_REGISTRY_W}: the registry store only, without physical stores. */
    SYSTEM_REGISTRY(WincryptConstants.CERT_STORE_PROV_SYSTEM_REGISTRY_W, "registry"),
    /**
     * {@code CERT_STORE_PROV_SYSTEM_W}: the logical store with its physical stores; for LOCAL_MACHINE ROOT this adds
     * {@code .AuthRoot}, the Microsoft roots Windows downloads on demand.
     */
    SYSTEM(WincryptConstants.CERT_STORE_PROV_SYSTEM_W, "system");

    private final int constant;
    private final String label;

    StoreProvider(int constant, String label) {
        this.constant = constant;
        this.label = label;
    }

    public int constant() {
        return constant;
    }

    public String label() {
        return label;
    }
}
