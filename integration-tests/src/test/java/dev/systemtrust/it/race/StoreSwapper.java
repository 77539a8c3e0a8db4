package dev.systemtrust.it.race;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A child process that changes a trust store back and forth between two versions, many times a second, the ways
 * distribution tools and administrators change it, until its time is up; then prints {@code SWAPS <n>} and the longest a change took.
 *
 * <p>Modes: {@code rename} writes a new bundle beside the old one and renames it over (update-ca-certificates,
 * update-ca-trust, editors); {@code rewrite} truncates the bundle and writes it in 64 KiB chunks (cat or cp over
 * it); {@code rebuild} removes every link of a certificate directory and creates the other version's links
 * (c_rehash, openssl rehash, update-ca-certificates --fresh); {@code debian} does what update-ca-certificates
 * --fresh does to {@code /etc/ssl/certs}: links removed, {@code .pem} links created, the bundle replaced by
 * rename, hash links created.
 */
public final class StoreSwapper {
    private StoreSwapper() {
    }

    /** {@code <mode> <milliseconds> <target> <version A> <version B> [<bundle> <bundle A> <bundle B>]}. */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
        Path target = Path.of(args[2]);
        byte[][] bundles = {Files.readAllBytes(Path.of(args[3])), Files.readAllBytes(Path.of(args[4]))};
        List<List<String[]>> listings = List.of(listing(Path.of(args[3])), listing(Path.of(args[4])));
        Path bundle = args.length > 5 ? Path.of(args[5]) : null;
        byte[][] debianBundles = bundle == null ? null
                : new byte[][] {Files.readAllBytes(Path.of(args[6])), Files.readAllBytes(Path.of(args[7]))};
        Random random = new Random(11);
        int swaps = 0;
        long slowest = 0;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            int version = (swaps + 1) % 2;
            switch (mode) {
                case "rename" -> replaceByRename(target, bundles[version]);
                case "rewrite" -> rewriteInPlace(target, bundles[version]);
                case "rebuild" -> {
                    removeLinks(target);
                    createLinks(target, listings.get(version), false);
                    createLinks(target, listings.get(version), true);
                }
                case "debian" -> {
                    removeLinks(target);
                    createLinks(target, listings.get(version), false);
                    replaceByRename(bundle, debianBundles[version]);
                    createLinks(target, listings.get(version), true);
                }
                default -> throw new IllegalArgumentException(mode);
            }
            swaps++;
            slowest = Math.max(slowest, System.nanoTime() - started);
            Thread.sleep(pauseMillis(mode, swaps, random));
        }
        System.out.println("SWAPS " + swaps + " (slowest " + slowest / 1_000_000 + " ms)");
    }

    /**
     * Bursts of changes 5 to 55 ms apart (0 to 10 ms between renames, the common update and the race first
     * reported), and after every third change (every 17th rename) a pause of 200 to 400 ms: the store holds still
     * long enough for a load to take up the new version. An odd period makes the version left in place alternate,
     * so loads see both versions, not only the first.
     */
    private static long pauseMillis(String mode, int swaps, Random random) {
        boolean rename = mode.equals("rename");
        if (swaps % (rename ? 17 : 3) == 0) {
            return 200 + random.nextInt(201);
        }
        return rename ? random.nextInt(11) : 5 + random.nextInt(51);
    }

    private static void replaceByRename(Path target, byte[] content) throws IOException {
        Path next = target.resolveSibling(target.getFileName() + ".new");
        Files.write(next, content);
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void rewriteInPlace(Path target, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int offset = 0; offset < content.length; offset += 65536) {
                ByteBuffer chunk = ByteBuffer.wrap(content, offset, Math.min(65536, content.length - offset));
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
        }
    }

    /** A directory version: lines {@code <name> TAB <link target>}; empty for a bundle. */
    private static List<String[]> listing(Path file) throws IOException {
        List<String[]> links = new ArrayList<>();
        if (file.getFileName().toString().endsWith(".links")) {
            for (String line : Files.readAllLines(file)) {
                links.add(line.split("\t", 2));
            }
        }
        return links;
    }

    private static void removeLinks(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    /** The {@code .pem} links, or the OpenSSL hash links ({@code <hash>.N}). */
    private static void createLinks(Path directory, List<String[]> links, boolean hashLinks) throws IOException {
        for (String[] link : links) {
            if (link[0].endsWith(".pem") != hashLinks) {
                Files.createSymbolicLink(directory.resolve(link[0]), Path.of(link[1]));
            }
        }
    }
}
