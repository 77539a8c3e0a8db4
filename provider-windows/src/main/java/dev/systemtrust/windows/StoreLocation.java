package dev.systemtrust.windows;

/**
 * The system store locations SystemTrust reads, with their {@code CERT_SYSTEM_STORE_*} flag values
 * ({@code <location id> << CERT_SYSTEM_STORE_LOCATION_SHIFT}).
 */
public enum StoreLocation {
    CURRENT_USER(1 << 16),
    CURRENT_USER_GROUP_POLICY(7 << 16),
    LOCAL_MACHINE(2 << 16),
    LOCAL_MACHINE_GROUP_POLICY(8 << 16),
    LOCAL_MACHINE_ENTERPRISE(9 << 16);

    private final int flag;

    StoreLocation(int flag) {
        this.flag = flag;
    }

    /** The {@code CERT_SYSTEM_STORE_*} value for {@code CertOpenStore}'s flags. */
    public int flag() {
        return flag;
    }
}
