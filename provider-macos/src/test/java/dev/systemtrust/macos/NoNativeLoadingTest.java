package dev.systemtrust.macos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.TrustStoreBackend;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery runs on every OS: it must not load JNA or native code, which only the macOS read may do. */
class NoNativeLoadingTest {

    /** Loads everything itself (parent: platform loader) and records every class name it is asked for. */
    private static final class RecordingLoader extends URLClassLoader {
        final List<String> requested = Collections.synchronizedList(new ArrayList<>());

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static URL[] testClassPath() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(URL[]::new);
    }

    @Test
    void discoveringConstructingAndAskingTheBackendLoadsNoJnaClass() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(testClassPath())) {
            Class<?> spi = loader.loadClass(TrustStoreBackend.class.getName());
            List<String> ids = new ArrayList<>();
            for (Object backend : ServiceLoader.load(spi, loader)) {
                String id = (String) spi.getMethod("id").invoke(backend);
                ids.add(id);
                spi.getMethod("supports", String.class).invoke(backend, "Linux");
                spi.getMethod("remedyWhenEmpty").invoke(backend);
            }

            assertThat(ids).contains(MacosBackend.ID);
            assertThat(loader.requested).contains(MacosBackend.class.getName());
            assertThat(loader.requested).noneMatch(name -> name.startsWith("com.sun.jna"));
            assertThat(loader.requested).noneMatch(name -> name.startsWith("dev.systemtrust.macos.jna"));
        }
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
