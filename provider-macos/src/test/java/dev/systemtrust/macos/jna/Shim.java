package dev.systemtrust.macos.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;

/**
 * The test-control functions of the C shim ({@code src/test/c/macos_shim.c}): what the fake OS holds, which faults
 * to inject, and what the bindings did. Loaded from the same library the bindings use, so both see one state.
 */
public interface Shim extends Library {
    int USER = 0;
    int ADMIN = 1;
    int SYSTEM = 2;
    /** For {@link #shim_domain_status}: SecTrustSettingsCopyCertificates succeeds with a NULL array. */
    int SUCCESS_WITH_NULL = 1;

    void shim_reset();

    /** Run by the shim at the start of CFArrayCreate, SecTrustCreateWithCertificates and SecTrustSetOCSPResponse. */
    interface CallHook extends Callback {
        void invoke(String function);
    }

    /** Installs (or, with {@code null}, removes) the hook; {@link #shim_reset} removes it too. */
    void shim_set_call_hook(CallHook hook);

    void shim_domain_add(int domain, byte[] der, long length);

    void shim_domain_status(int domain, int status);

    /** {@code spec == null}: success with a NULL array; see macos_shim.c for the spec grammar. */
    void shim_settings(int domain, byte[] der, long length, String spec);

    void shim_settings_status(int domain, byte[] der, long length, int status);

    void shim_keychain_add(byte[] der, long length);

    void shim_keychain_status(int status);

    /** The next evaluations build the leaf followed by this certificate (and any added before it). */
    void shim_chain_built(byte[] der, long length);

    /** The next {@code times} calls (-1: all) fail: an OSStatus function returns {@code status}, others NULL. */
    void shim_fail(String function, int status, long times);

    /** As {@link #shim_fail}, after letting {@code skip} calls succeed. */
    void shim_fail_after(String function, long skip, int status, long times);

    void shim_evaluation(int trusted, long code, String description);

    long shim_calls(String function);

    long shim_live_objects();

    void shim_describe_live(byte[] buffer, long size);

    long shim_error_count();

    void shim_errors(byte[] buffer, long size);

    long shim_ocsp_count();

    long shim_ocsp_response(long index, byte[] buffer, long size);

    double shim_verify_date();

    long shim_hostname(byte[] buffer, long size);

    long shim_chain_length();

    int shim_server_flag();
}
