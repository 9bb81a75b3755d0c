package org.ewstoken.tokens;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that seals signing keys at rest, so a copy of the database alone does not give away
 * the power to mint tokens.
 *
 * <p>Sealed format: {@code 0x01 || 12-byte random nonce || AES-256-GCM ciphertext and 16-byte tag}. The
 * associated data (for instance the key id) is authenticated but not stored: opening with other
 * associated data fails, so a sealed key cannot be swapped onto another row.
 */
public final class MasterKey {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte FORMAT_VERSION = 1;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final SecretKeySpec key;

    private MasterKey(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /** A fresh random key. */
    public static MasterKey generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /** Reads a key written by {@link #toBase64}; surrounding whitespace is ignored. */
    public static MasterKey fromBase64(String encoded) {
        requireNonNull(encoded, "encoded");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key is not valid base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("master key must be " + KEY_BYTES + " bytes, got " + bytes.length);
        }
        return new MasterKey(bytes);
    }

    /**
     * Loads the key kept in {@code file}, creating the file with a new key if it does not exist.
     *
     * <p>On POSIX file systems a new file is born with mode 0600 (a temporary file created with those
     * permissions, fsynced, then renamed into place, so no reader ever sees it partly written or
     * readable by others), and an existing file that group or others may access is refused.
     */
    public static MasterKey loadOrCreate(Path file) throws IOException {
        requireNonNull(file, "file");
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (Files.exists(file)) {
            return load(file, posix);
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = posix
                ? Files.createTempFile(directory, ".master-key-", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(directory, ".master-key-", ".tmp");
        try {
            MasterKey created = generate();
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap((created.toBase64() + "\n").getBytes(US_ASCII));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true); // losing this key loses every key sealed with it
            }
            // No REPLACE_EXISTING: if another process created the file meanwhile, its key wins.
            Files.move(temporary, file);
            return created;
        } catch (FileAlreadyExistsException raced) {
            return load(file, posix);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static MasterKey load(Path file, boolean posix) throws IOException {
        if (posix) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IOException("master key file " + file + " has mode "
                        + PosixFilePermissions.toString(permissions)
                        + ": it must not be accessible by group or others (chmod 600 it)");
            }
        }
        try {
            return fromBase64(Files.readString(file, US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException("master key file " + file + " does not hold a base64 AES-256 key: "
                    + e.getMessage(), e);
        }
    }

    /** The key as base64, for a file or a secret store. This is key material: handle as such. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Encrypts and authenticates {@code plaintext}, binding it to {@code associatedData} (null means
     * none). Every call uses a fresh random nonce, so sealing the same input twice gives different output.
     */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        requireNonNull(plaintext, "plaintext");
        byte[] sealed = new byte[HEADER_BYTES + plaintext.length + TAG_BITS / 8];
        sealed[0] = FORMAT_VERSION;
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION); // Cipher is stateful: one per call
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData == null ? NO_ASSOCIATED_DATA : associatedData);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, HEADER_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    /** Reverses {@link #seal}; the associated data must be the same as when sealing. */
    public byte[] open(byte[] sealed, byte[] associatedData) throws KeySealException {
        requireNonNull(sealed, "sealed");
        if (sealed.length < HEADER_BYTES + TAG_BITS / 8) {
            throw new KeySealException("sealed data is truncated (" + sealed.length + " bytes)");
        }
        if (sealed[0] != FORMAT_VERSION) {
            throw new KeySealException("sealed data has unknown format version " + (sealed[0] & 0xff));
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData == null ? NO_ASSOCIATED_DATA : associatedData);
            return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeySealException("cannot decrypt: wrong master key or corrupted data", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    /** Never the key itself: this object ends up in logs and debuggers. */
    @Override
    public String toString() {
        return "MasterKey[AES-256]";
    }
}
