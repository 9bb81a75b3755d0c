package org.ewstoken.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so that the cost can be raised later and old
 * hashes still verify with the parameters they were made with.
 */
public final class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /**
     * Each Argon2 run holds {@code memoryKib} of memory and a CPU: bounding how many run at once keeps a
     * burst of logins (or an attack) from exhausting the heap, and leaves one CPU free for the requests
     * that need no password work (remembered credentials), so they stay fast; the others wait their turn.
     */
    public static final int CONCURRENT = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private final Semaphore running = new Semaphore(CONCURRENT);
    /**
     * Verified against when the user does not exist, so both failures cost the same time: a hash string of this
     * cost whose salt and value are random. Only its parameters matter (they set the work), so it is made, not
     * computed: an Argon2 run, most of it interpreted, was 0.15 s of CPU at every start.
     */
    private volatile String decoy;

    public PasswordHasher(int memoryKib, int iterations) {
        if (memoryKib < 8 || iterations < 1) throw new IllegalArgumentException("Argon2 cost too low");
        this.memoryKib = memoryKib;
        this.iterations = iterations;
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return encoded(salt, derive(password, salt, memoryKib, iterations, 1, HASH_BYTES));
    }

    private String encoded(byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Constant-time check; a malformed stored hash never verifies. */
    public boolean verify(char[] password, String encoded) {
        String[] parts = encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
        try {
            int m = 0, t = 0, p = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> p = v;
                    default -> { return false; }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || t < 1 || p < 1 || expected.length < 16) return false;
            return MessageDigest.isEqual(derive(password, salt, m, t, p, expected.length), expected);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Spends the same time as a real verification, for callers that have no user to check. */
    public void verifyDecoy(char[] password) {
        verify(password, decoy());
    }

    /**
     * A small Argon2 run (a fortieth of the default cost, a few milliseconds once compiled) off the request path,
     * so that the JIT has compiled Argon2 before the first sign-in needs it.
     */
    public void warmUp() {
        argon2(new char[] {'x'}, new byte[SALT_BYTES], Math.min(memoryKib, 1024), 1, 1, HASH_BYTES);
    }

    private String decoy() {
        String made = decoy;
        if (made == null) {
            byte[] salt = new byte[SALT_BYTES];
            byte[] hash = new byte[HASH_BYTES];
            random.nextBytes(salt);
            random.nextBytes(hash);
            decoy = made = encoded(salt, hash); // two threads may each make one: either does
        }
        return made;
    }

    private byte[] derive(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        running.acquireUninterruptibly();
        try {
            return argon2(password, salt, memoryKib, iterations, parallelism, length);
        } finally {
            running.release();
        }
    }

    private static byte[] argon2(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism,
                                 int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        byte[] pw = toUtf8(password);
        try {
            generator.generateBytes(pw, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        return out;
    }

    private static byte[] toUtf8(char[] password) {
        var buffer = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
