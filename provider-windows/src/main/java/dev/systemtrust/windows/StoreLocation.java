package dev.systemtrust.windows;

/** The system store locations SystemTrust reads, with their {@code CERT_SYSTEM_STORE_*} flag values. */
public enum StoreLocation {
    CURRENT_USER(WincryptConstants.CERT_SYSTEM_STORE_CURRENT_USER),
    CURRENT_USER_GROUP_POLICY(WincryptConstants.CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY),
    LOCAL_MACHINE(WincryptConstants.CERT_SYSTEM_STORE_LOCAL_MACHINE),
    LOCAL_MACHINE_GROUP_POLICY(WincryptConstants.CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY),
    LOCAL_MACHINE_ENTERPRISE(WincryptConstants.CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE);

    private final int flag;

    StoreLocation(int flag) {
        this.flag = flag;
    }

    /** The {@code CERT_SYSTEM_STORE_*} value for {@code CertOpenStore}'s flags. */
    public int flag() {
        return flag;
    }
}
