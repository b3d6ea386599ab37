package io.uidalloc.contract;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * The raw Ed25519 operations and the {@code ed25519:<keyId>:<base64>} text format shared by {@link EventSigner} and
 * {@link EventVerifier}. A {@link Signature} is stateful, so every call takes a fresh one instead of sharing it
 * between threads.
 */
final class Ed25519Signatures {

    /** Prefix of every signature string; names the algorithm so another one can be introduced beside it. */
    static final String SCHEME = "ed25519";

    /** An Ed25519 signature is always 64 bytes (RFC 8032, section 5.1.6). */
    static final int SIGNATURE_LENGTH = 64;

    private Ed25519Signatures() {}

    static byte[] sign(PrivateKey privateKey, byte[] message) {
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no Ed25519 provider; Java 15 or later is required", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot sign with a " + privateKey.getAlgorithm() + " private key, an Ed25519 key is required", e);
        }
    }

    /**
     * Checks a signature.
     *
     * @return whether it matches
     * @throws SignatureException if the signature bytes are not a well-formed Ed25519 signature
     */
    static boolean verify(PublicKey publicKey, byte[] message, byte[] signatureBytes) throws SignatureException {
        try {
            Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no Ed25519 provider; Java 15 or later is required", e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(
                    "cannot verify with a " + publicKey.getAlgorithm() + " public key, an Ed25519 key is required", e);
        }
    }
}
