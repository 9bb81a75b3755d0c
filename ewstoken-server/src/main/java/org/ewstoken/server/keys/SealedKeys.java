package org.ewstoken.server.keys;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ewstoken.store.StoredKey;
import org.ewstoken.tokens.KeyImportException;
import org.ewstoken.tokens.KeySealException;
import org.ewstoken.tokens.MasterKey;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;

/**
 * Signing keys as the store holds them: private keys sealed under the master key and bound to their
 * key id (so a sealed key cannot be swapped for another row's), certificates in Base64. Unsealed keys
 * are kept, since every refresh reads every key and opening costs a key derivation.
 */
final class SealedKeys {

    private final MasterKey masterKey;
    private final Map<String, SigningKey> unsealed = new ConcurrentHashMap<>();

    SealedKeys(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    /** The stored form of {@code key}, created {@code now}, signing {@code prePublication} later; kept unsealed. */
    StoredKey seal(SigningKey key, Instant now, Duration prePublication) {
        byte[] sealed = masterKey.seal(SigningKeys.encodePrivateKey(key.privateKey()), aad(key.keyId()));
        String certificate;
        try {
            certificate = Base64.getEncoder().encodeToString(key.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
        return new StoredKey(key.keyId(), certificate, Base64.getEncoder().encodeToString(sealed), now,
                now.plus(prePublication), null);
    }

    /** Remembers a key this node made, so that it is never unsealed again. */
    void keep(SigningKey key) {
        unsealed.put(key.keyId(), key);
    }

    SigningKey unseal(StoredKey k) {
        return unsealed.computeIfAbsent(k.keyId(), id -> {
            try {
                byte[] pkcs8 = masterKey.open(Base64.getDecoder().decode(k.sealedPrivateKeyBase64()), aad(id));
                return SigningKeys.decode(pkcs8, Base64.getDecoder().decode(k.certificateBase64()));
            } catch (KeySealException e) {
                throw new IllegalStateException("cannot unseal signing key " + id
                        + ": the master key does not match the one the key was stored with");
            } catch (KeyImportException e) {
                throw new IllegalStateException("stored signing key " + id + " is unreadable: " + e.getMessage());
            }
        });
    }

    static boolean opens(MasterKey masterKey, StoredKey k) {
        try {
            masterKey.open(Base64.getDecoder().decode(k.sealedPrivateKeyBase64()), aad(k.keyId()));
            return true;
        } catch (KeySealException | IllegalArgumentException e) {
            return false;
        }
    }

    static X509Certificate certificate(StoredKey k) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(k.certificateBase64())));
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate of key " + k.keyId() + " is unreadable");
        }
    }

    private static byte[] aad(String keyId) {
        return keyId.getBytes(StandardCharsets.UTF_8);
    }
}
