package io.uidalloc.contract;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 key material for signing assignment events, using only the JDK's provider. Keys travel as base64 text:
 * public keys in their X.509 (SubjectPublicKeyInfo) encoding, private keys in their PKCS#8 encoding, which is what
 * {@code openssl pkey -outform DER | base64} produces from {@code openssl genpkey -algorithm ed25519}.
 *
 * <p>A key's id is the first 16 hex characters of the SHA-256 of its X.509 encoding. It travels in every signature so
 * that a node trusting several keys during a rotation knows which one to check against.
 */
public final class SigningKeys {

    /** The JDK name of the signature algorithm and key type. */
    public static final String ALGORITHM = "Ed25519";

    private static final int KEY_ID_HEX_LENGTH = 16;
    private static final int PREVIEW_LENGTH = 12;

    private SigningKeys() {}

    /**
     * Generates a fresh key pair.
     *
     * @return a new Ed25519 key pair
     */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        }
    }

    /**
     * Encodes a public key for configuration or distribution to nodes.
     *
     * @param publicKey an Ed25519 public key
     * @return base64 of its X.509 encoding
     */
    public static String encodePublicKey(PublicKey publicKey) {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /**
     * Encodes a private key for storage in a secret.
     *
     * @param privateKey an Ed25519 private key
     * @return base64 of its PKCS#8 encoding
     */
    public static String encodePrivateKey(PrivateKey privateKey) {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    /**
     * Decodes a public key; whitespace (line breaks in a mounted secret) is ignored.
     *
     * @param base64X509 base64 of an X.509 encoded Ed25519 public key
     * @return the key
     * @throws IllegalArgumentException naming what was given and what is expected, if it is not such a key
     */
    public static PublicKey decodePublicKey(String base64X509) {
        String expected = "a base64 X.509 (SubjectPublicKeyInfo) encoded Ed25519 public key";
        // A public key is not secret, so showing its start helps to spot a key pasted into the wrong setting.
        String given = describe(base64X509, true);
        byte[] encoded = decodeBase64(base64X509, expected, given);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("expected " + expected + ", got " + given + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a private key; whitespace is ignored. Error messages give the length of the input, never its content.
     *
     * @param base64Pkcs8 base64 of a PKCS#8 encoded Ed25519 private key
     * @return the key
     * @throws IllegalArgumentException naming what is expected, if it is not such a key
     */
    public static PrivateKey decodePrivateKey(String base64Pkcs8) {
        String expected = "a base64 PKCS#8 encoded Ed25519 private key";
        String given = describe(base64Pkcs8, false);
        byte[] encoded = decodeBase64(base64Pkcs8, expected, given);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        } catch (GeneralSecurityException e) {
            // The provider's message does not contain key material, only what it failed to parse.
            throw new IllegalArgumentException("expected " + expected + ", got " + given + ": " + e.getMessage(), e);
        }
    }

    /**
     * Computes the id under which signatures name a key.
     *
     * @param publicKey the public key
     * @return the first 16 lower-case hex characters of the SHA-256 of the key's X.509 encoding
     */
    public static String keyId(PublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, KEY_ID_HEX_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256 provider, which every Java platform must have", e);
        }
    }

    private static byte[] decodeBase64(String value, String expected, String given) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("expected " + expected + ", got " + given);
        }
        if (value.strip().startsWith("-----BEGIN")) {
            throw new IllegalArgumentException("expected " + expected + ", got " + given
                    + "; remove the PEM '-----BEGIN/END' lines and keep only the base64 body");
        }
        try {
            return Base64.getDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "expected " + expected + ", got " + given + ", which is not base64: " + e.getMessage(), e);
        }
    }

    private static String describe(String value, boolean mayShow) {
        if (value == null) {
            return "null";
        }
        String description = value.length() + " characters";
        if (mayShow && !value.isBlank()) {
            String stripped = value.strip();
            String preview = stripped.length() <= PREVIEW_LENGTH ? stripped : stripped.substring(0, PREVIEW_LENGTH);
            description += " starting with \"" + preview + "\"";
        }
        return description;
    }

    private static IllegalStateException missingProvider(NoSuchAlgorithmException e) {
        return new IllegalStateException("this JVM has no " + ALGORITHM + " provider; Java 15 or later is required", e);
    }
}
