package dev.systemtrust.macos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.ClassLoadRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Discovery runs on every OS: it must not load JNA or native code, which only the macOS read may do. */
class NoNativeLoadingTest {

    @Test
    void discoveringConstructingAndAskingTheBackendLoadsNoJnaClass() {
        List<String> ids = new ArrayList<>();
        List<String> requested = ClassLoadRecorder.discoverBackendsAndRecord(ids);

        assertThat(ids).contains(MacosBackend.ID);
        assertThat(requested).contains(MacosBackend.class.getName());
        assertThat(requested).noneMatch(name -> name.startsWith("com.sun.jna"));
        assertThat(requested).noneMatch(name -> name.startsWith("dev.systemtrust.macos.jna"));
    }

    @Test
    void supportsMacOsNamesOnly() {
        MacosBackend backend = new MacosBackend();

        assertThat(backend.supports("Mac OS X")).isTrue();
        assertThat(backend.supports("Linux")).isFalse();
        assertThat(backend.supports("Windows 11")).isFalse();
        assertThat(backend.supports(null)).isFalse();
        assertThat(backend.id()).isEqualTo("macos");
    }
}
