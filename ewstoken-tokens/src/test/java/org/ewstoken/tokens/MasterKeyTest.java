package org.ewstoken.tokens;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    private static final byte[] SECRET = "-----PKCS#8 private key bytes-----".getBytes(UTF_8);
    private static final byte[] KEY_ID = "x5t-of-the-key".getBytes(UTF_8);

    private final MasterKey key = MasterKey.generate();

    @TempDir
    Path directory;

    @Test
    void opensWhatItSealed() throws Exception {
        assertThat(key.open(key.seal(SECRET, KEY_ID), KEY_ID)).isEqualTo(SECRET);
    }

    @Test
    void sealedFormIsVersionNonceCiphertextAndTag() {
        byte[] sealed = key.seal(SECRET, KEY_ID);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(sealed).hasSize(1 + 12 + SECRET.length + 16);
    }

    @Test
    void sealingTheSameInputTwiceGivesDifferentOutput() {
        assertThat(key.seal(SECRET, KEY_ID)).isNotEqualTo(key.seal(SECRET, KEY_ID));
    }

    @Test
    void changingAnyByteOfTheSealedDataIsDetected() {
        byte[] sealed = key.seal(SECRET, KEY_ID);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> key.open(tampered, KEY_ID)).as("byte %d", i)
                    .isInstanceOf(KeySealException.class);
        }
    }

    @Test
    void otherAssociatedDataIsRefused() {
        byte[] sealed = key.seal(SECRET, KEY_ID);
        assertThatThrownBy(() -> key.open(sealed, "another-key".getBytes(UTF_8)))
                .isInstanceOf(KeySealException.class)
                .hasMessage("cannot decrypt: wrong master key or corrupted data");
    }

    @Test
    void anotherMasterKeyCannotOpenIt() {
        byte[] sealed = key.seal(SECRET, KEY_ID);
        assertThatThrownBy(() -> MasterKey.generate().open(sealed, KEY_ID))
                .isInstanceOf(KeySealException.class)
                .hasMessage("cannot decrypt: wrong master key or corrupted data");
    }

    @Test
    void truncatedDataIsRefused() {
        assertThatThrownBy(() -> key.open(new byte[10], KEY_ID))
                .isInstanceOf(KeySealException.class).hasMessageContaining("truncated");
    }

    @Test
    void survivesABase64RoundTrip() throws Exception {
        MasterKey copy = MasterKey.fromBase64(key.toBase64());
        assertThat(copy.open(key.seal(SECRET, KEY_ID), KEY_ID)).isEqualTo(SECRET);
    }

    @Test
    void base64MustHoldExactly32Bytes() {
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("master key must be 32 bytes, got 16");
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("master key is not valid base64");
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(key.toString()).isEqualTo("MasterKey[AES-256]").doesNotContain(key.toBase64());
    }

    @Test
    void loadOrCreateCreatesAnOwnerOnlyFileAndReloadsTheSameKey() throws Exception {
        assumePosix();
        Path file = directory.resolve("keys").resolve("master.key");

        MasterKey created = MasterKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(created.toBase64() + "\n");
        MasterKey reloaded = MasterKey.loadOrCreate(file);
        assertThat(reloaded.toBase64()).isEqualTo(created.toBase64());
        assertThat(reloaded.open(created.seal(SECRET, KEY_ID), KEY_ID)).isEqualTo(SECRET);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void loadOrCreateRefusesAFileOthersCanRead() throws Exception {
        assumePosix();
        Path file = directory.resolve("master.key");
        Files.writeString(file, key.toBase64() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKey.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessage("master key file " + file + " has mode rw-r--r--: it must not be accessible by group"
                        + " or others (chmod 600 it)");
    }

    @Test
    void loadOrCreateRefusesAFileWithoutAKey() throws Exception {
        assumePosix();
        Path file = directory.resolve("master.key");
        Files.writeString(file, "hello\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> MasterKey.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("master key file " + file + " does not hold a base64 AES-256 key");
    }

    private void assumePosix() {
        RequiredService.assume("A POSIX file system", directory.getFileSystem().supportedFileAttributeViews()
                .contains("posix") ? null : "the temporary directory has no POSIX permissions to check");
    }
}
