package org.ewstoken.server.crypto;

import java.security.Provider;
import java.security.Signature;
import java.util.Locale;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Chooses the JCA provider that signs tokens. RSA-2048 signing is the cost of a fresh token, and the
 * JDK's own implementation is about four times slower than a native one, so the Amazon Corretto
 * Crypto Provider (AWS-LC) is used when its native library loads on this platform. Tokens are
 * byte-for-byte the same either way: RS256 (PKCS#1 v1.5) signatures are deterministic.
 */
public final class SignatureProviders {

    /** What was chosen and why; {@code provider} is null for the JDK default. */
    public record Choice(Provider provider, String description) {}

    private SignatureProviders() {
    }

    /**
     * @param mode {@code auto} (native if it works, else the JDK), {@code native} (fail if
     *     unavailable) or {@code jdk}
     */
    public static Choice choose(String mode) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "jdk":
                return jdk("forced by configuration");
            case "native": {
                Choice c = nativeProvider();
                if (c == null) {
                    throw new IllegalStateException("crypto-provider=native, but the native provider is unavailable: "
                            + nativeProblem());
                }
                return c;
            }
            case "auto": {
                Choice c = nativeProvider();
                return c != null ? c : jdk("native provider unavailable: " + nativeProblem());
            }
            default:
                throw new IllegalArgumentException("crypto-provider must be auto, native or jdk, was '" + mode + "'");
        }
    }

    static boolean isAuto(String mode) {
        return mode.trim().toLowerCase(Locale.ROOT).equals("auto");
    }

    /** The JDK's provider while the native one is still loading (crypto-provider=auto). */
    static Choice jdkUntilNative() {
        return jdk("until the native provider has loaded");
    }

    private static Choice jdk(String why) {
        try {
            String name = Signature.getInstance("SHA256withRSA").getProvider().getName();
            return new Choice(null, "JDK " + name + " (" + why + ")");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM cannot sign SHA256withRSA", e);
        }
    }

    private static Choice nativeProvider() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) return null;
            accp.assertHealthy();
            return new Choice(accp, "Amazon Corretto Crypto Provider " + accp.getVersionStr()
                    + " (" + accp.getAwsLcVersionStr() + ")");
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String nativeProblem() {
        try {
            Throwable t = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            return t == null ? "self-test failed" : t.toString();
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }
}
