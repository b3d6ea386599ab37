package io.uidalloc.contract;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs {@link AssignmentEvent}s with the allocator service's Ed25519 private key, so that nodes act only on
 * assignments the service made even if someone else can write to the Kafka topic. Thread-safe.
 *
 * <p>The signature covers {@link EventCodec#canonicalBytes(AssignmentEvent)} and is written as
 * {@code ed25519:<keyId>:<base64 signature>}, where the key id ({@link SigningKeys#keyId}) lets a node that trusts
 * several keys during a rotation pick the right one.
 */
public final class EventSigner {

    private static final byte[] PAIR_CHECK = "uidalloc key pair check".getBytes(StandardCharsets.UTF_8);

    private final PrivateKey privateKey;
    private final String keyId;
    private final EventCodec codec;

    /**
     * Creates a signer. The public key is needed for the key id, which a PKCS#8 private key does not reliably carry;
     * the two are checked to belong together, because a mismatch would otherwise only show up as every node
     * rejecting every event.
     *
     * @param privateKey the Ed25519 private key to sign with
     * @param publicKey the matching public key, as the nodes trust it
     * @param codec the codec computing the canonical bytes
     * @throws IllegalArgumentException if the keys do not belong together
     */
    public EventSigner(PrivateKey privateKey, PublicKey publicKey, EventCodec codec) {
        this.privateKey = Objects.requireNonNull(privateKey, "'privateKey' must not be null");
        this.keyId = SigningKeys.keyId(Objects.requireNonNull(publicKey, "'publicKey' must not be null"));
        this.codec = Objects.requireNonNull(codec, "'codec' must not be null");
        requireMatchingPair(publicKey);
    }

    /**
     * Creates a signer for a key pair with the default codec.
     *
     * @param keyPair an Ed25519 key pair
     * @return the signer
     */
    public static EventSigner of(KeyPair keyPair) {
        return new EventSigner(keyPair.getPrivate(), keyPair.getPublic(), new EventCodec());
    }

    /**
     * Creates a signer from configuration text.
     *
     * @param pkcs8PrivateKey base64 of the PKCS#8 encoded private key
     * @param x509PublicKey base64 of the X.509 encoded matching public key
     * @return the signer
     * @throws IllegalArgumentException if either key cannot be decoded or they do not belong together
     */
    public static EventSigner fromBase64(String pkcs8PrivateKey, String x509PublicKey) {
        return new EventSigner(
                SigningKeys.decodePrivateKey(pkcs8PrivateKey),
                SigningKeys.decodePublicKey(x509PublicKey),
                new EventCodec());
    }

    /**
     * The id of the key this signer signs with.
     *
     * @return the key id written into every signature
     */
    public String keyId() {
        return keyId;
    }

    /**
     * Signs an event; any signature it already carries is ignored and replaced.
     *
     * @param event the event to sign
     * @return the same event carrying its signature
     */
    public AssignmentEvent sign(AssignmentEvent event) {
        byte[] signature = Ed25519Signatures.sign(privateKey, codec.canonicalBytes(event));
        String encoded = Base64.getEncoder().encodeToString(signature);
        return event.withSignature(Ed25519Signatures.SCHEME + ":" + keyId + ":" + encoded);
    }

    private void requireMatchingPair(PublicKey publicKey) {
        byte[] probe = Ed25519Signatures.sign(privateKey, PAIR_CHECK);
        boolean matches;
        try {
            matches = Ed25519Signatures.verify(publicKey, PAIR_CHECK, probe);
        } catch (SignatureException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key does not belong to public key " + keyId
                    + "; configure the public key that was generated together with the private key");
        }
    }
}
