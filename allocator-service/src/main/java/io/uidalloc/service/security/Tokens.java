package io.uidalloc.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens for tenants and nodes: 256 random bits, shown once, stored only as their SHA-256.
 *
 * <p>A plain hash is enough here (no salt, no slow KDF): the tokens are random, not chosen by people, so there is no
 * dictionary to try, and a lookup by hash keeps authentication to one indexed query.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** A new token with the given prefix, such as {@code uat_} for tenants, so leaked tokens are recognisable. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Compares in time independent of where the strings differ, so the admin token cannot be guessed byte by byte. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(hash(a), hash(b));
    }
}
