package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
    @TempDir
    Path temp;

    @Test
    void anUnchangedFileIsReadWhole() throws Exception {
        Path file = Files.writeString(temp.resolve("bundle.pem"), "version 1\n");

        assertThat(CertificateFiles.read(CertificateFiles.resolve(file))).asString().isEqualTo("version 1\n");
    }

    /** The reported race: checked by name, then a bigger file renamed over the name before it is opened. */
    @Test
    void aBiggerFileRenamedOverTheNameAfterTheCheckIsReportedChangedNotCutShort() throws Exception {
        Path file = Files.writeString(temp.resolve("bundle.pem"), "version 1\n");
        CertificateFiles.RegularFile checked = CertificateFiles.resolve(file);
        Files.move(Files.writeString(temp.resolve("next.pem"), "version 2, with one more CA\n"), file,
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> CertificateFiles.read(checked))
                .isInstanceOfSatisfying(UnusableFileException.class, e -> assertThat(e.changedWhileRead()).isTrue())
                .hasMessageContaining("changed while being read");
    }

    @Test
    void aFileTruncatedAfterTheCheckIsReportedChanged() throws Exception {
        Path file = Files.writeString(temp.resolve("bundle.pem"), "version 1\n");
        CertificateFiles.RegularFile checked = CertificateFiles.resolve(file);
        Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);

        assertThatThrownBy(() -> CertificateFiles.read(checked))
                .isInstanceOfSatisfying(UnusableFileException.class, e -> assertThat(e.changedWhileRead()).isTrue());
    }

    @Test
    void twoChecksOfAnUnchangedFileAreTheSameAndARewriteIsNot() throws Exception {
        Path file = Files.writeString(temp.resolve("a.pem"), "version 1\n");
        CertificateFiles.RegularFile first = CertificateFiles.resolve(file);

        assertThat(first.sameAs(CertificateFiles.resolve(file))).isTrue();
        Files.writeString(file, "version 2\n"); // same size, in place
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
                first.modified().toMillis() + 1000));
        assertThat(first.sameAs(CertificateFiles.resolve(file))).isFalse();
    }

    /** Same size, same inode: only the modification time, taken again after the read, tells. */
    @Test
    void aRewriteOfTheSameSizeAfterTheCheckIsReportedChanged() throws Exception {
        Path file = Files.writeString(temp.resolve("a.pem"), "version 1\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        CertificateFiles.RegularFile checked = CertificateFiles.resolve(file);
        Files.writeString(file, "version 2\n");

        assertThatThrownBy(() -> CertificateFiles.read(checked))
                .isInstanceOfSatisfying(UnusableFileException.class, e -> assertThat(e.changedWhileRead()).isTrue())
                .hasMessageContaining("modified during the read");
    }

    /** {@code /proc} files report a size of 0 and hold more: not a file being changed, and never one to use. */
    @Test
    void aFileHoldingMoreThanItsSizeSaysIsUnusableNotChanging() throws Exception {
        Path status = Path.of("/proc/self/status");
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")) || Files.isRegularFile(status), "/proc is mounted");
        Path link = Files.createSymbolicLink(temp.resolve("status.pem"), status);

        assertThatThrownBy(() -> CertificateFiles.read(CertificateFiles.resolve(link)))
                .isInstanceOfSatisfying(UnusableFileException.class, e -> assertThat(e.changedWhileRead()).isFalse())
                .hasMessageContaining("holds more than the 0 bytes its size says");
    }
}
