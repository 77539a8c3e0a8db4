package dev.systemtrust.testing;

import dev.systemtrust.spi.TrustStoreBackend;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Discovers the backends on the test class path in a fresh class loader, asks each for its id, {@code supports}
 * and remedy (what every JVM does on every OS), and reports every class name that was requested: proof that
 * discovery loads no native binding.
 */
public final class ClassLoadRecorder {

    private ClassLoadRecorder() {
    }

    /** Class names requested while discovering and asking every backend; the ids found are added first. */
    public static List<String> discoverBackendsAndRecord(List<String> idsFound) {
        try (RecordingLoader loader = new RecordingLoader(testClassPath())) {
            Class<?> spi = loader.loadClass(TrustStoreBackend.class.getName());
            for (Object backend : ServiceLoader.load(spi, loader)) {
                idsFound.add((String) spi.getMethod("id").invoke(backend));
                spi.getMethod("supports", String.class).invoke(backend, "Linux");
                spi.getMethod("remedyWhenEmpty").invoke(backend);
            }
            return List.copyOf(loader.requested);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

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
}
