package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryListingTest {
    @TempDir
    Path temp;

    private Path directory() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("certs"));
        Path target = Files.writeString(directory.resolve("b.pem"), "B\n");
        Files.writeString(directory.resolve("a.pem"), "A\n");
        Files.createSymbolicLink(directory.resolve("0a1b2c3d.0"), target);
        Files.createSymbolicLink(directory.resolve("dangling.pem"), temp.resolve("missing"));
        return directory;
    }

    @Test
    void hashNamesComeFirstThenTheOthersEachByName() throws Exception {
        DirectoryListing listing = DirectoryListing.of(directory());

        assertThat(listing.failure).isNull();
        assertThat(listing.hashNamed).extracting(entry -> entry.name).containsExactly("0a1b2c3d.0");
        assertThat(listing.otherNames).extracting(entry -> entry.name)
                .containsExactly("a.pem", "b.pem", "dangling.pem");
    }

    @Test
    void fetchedOrNotTheEntriesGiveTheSameFilesAndProblems() throws Exception {
        Path directory = directory();
        DirectoryListing fetched = DirectoryListing.of(directory);
        fetched.fetch(DirectoryPrefetch.BYTE_BUDGET, Set.of());
        DirectoryListing outOfBudget = DirectoryListing.of(directory);
        outOfBudget.fetch(0, Set.of());

        for (DirectoryListing listing : List.of(fetched, outOfBudget)) {
            assertThat(listing.hashNamed.get(0).file().identity())
                    .isEqualTo(listing.otherNames.get(1).file().identity());
            assertThat(listing.hashNamed.get(0).content()).asString().isEqualTo("B\n");
            // b.pem is the same file as the hash link: fetched once, read again only if asked for.
            assertThat(listing.otherNames.get(1).content()).asString().isEqualTo("B\n");
            assertThat(listing.otherNames.get(0).content()).asString().isEqualTo("A\n");
            assertThatThrownBy(() -> listing.otherNames.get(2).file()).isInstanceOfSatisfying(
                    UnusableFileException.class, e -> assertThat(e).hasMessage("dangling symbolic link"));
        }
    }

    @Test
    void aDirectoryTheReaderWasNotGivenIsListedOnTheSpot() throws Exception {
        Path directory = directory();
        DirectoryPrefetch prefetch = new DirectoryPrefetch(List.of(temp.resolve("other")), List.of());
        prefetch.start();

        assertThat(prefetch.listing(temp.resolve("other")).absent).isTrue();
        assertThat(prefetch.listing(directory).otherNames).hasSize(3);
    }

    /** Debian's bundle sits in /etc/ssl/certs: it is read as the bundle, so reading it ahead there would be waste. */
    @Test
    void aBundleInTheDirectoryIsNotReadAhead() throws Exception {
        Path directory = directory();
        Path bundle = Files.writeString(directory.resolve("ca-certificates.crt"), "bundle\n");
        DirectoryPrefetch prefetch = new DirectoryPrefetch(List.of(directory), List.of(bundle));
        prefetch.start();
        DirectoryListing listing = prefetch.listing(directory);
        Files.delete(bundle);
        Files.delete(directory.resolve("a.pem"));

        assertThat(listing.otherNames.get(0).name).isEqualTo("a.pem");
        assertThat(listing.otherNames.get(0).content()).as("read ahead").asString().isEqualTo("A\n");
        assertThat(listing.otherNames.get(2).name).isEqualTo("ca-certificates.crt");
        assertThatThrownBy(() -> listing.otherNames.get(2).content()).as("not read ahead")
                .isInstanceOf(UnusableFileException.class);
    }
}
