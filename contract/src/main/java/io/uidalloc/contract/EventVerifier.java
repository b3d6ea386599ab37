package io.uidalloc.contract;

import java.security.PublicKey;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that an {@link AssignmentEvent} was signed by the allocator service, against one or more trusted Ed25519
 * public keys. Trusting several keys is how keys are rotated without downtime: nodes trust the old and the new key,
 * the service switches to the new key, and once no event signed with the old key can still arrive the old key is
 * dropped from the nodes. Thread-safe.
 */
public final class EventVerifier {

    private static final Pattern SIGNATURE_FORMAT =
            Pattern.compile(Ed25519Signatures.SCHEME + ":([0-9a-f]{16}):([A-Za-z0-9+/]+={0,2})");

    private final Map<String, PublicKey> trustedKeys;
    private final EventCodec codec;

    /**
     * Creates a verifier.
     *
     * @param trustedKeys the Ed25519 public keys whose signatures are accepted; at least one
     * @param codec the codec computing the canonical bytes
     * @throws IllegalArgumentException if no key is given
     */
    public EventVerifier(Collection<PublicKey> trustedKeys, EventCodec codec) {
        if (trustedKeys == null || trustedKeys.isEmpty()) {
            throw new IllegalArgumentException(
                    "at least one trusted public key is required; configure the allocator service's public key");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey key : trustedKeys) {
            byId.put(SigningKeys.keyId(Objects.requireNonNull(key, "trusted keys must not contain null")), key);
        }
        this.trustedKeys = Collections.unmodifiableMap(byId);
        this.codec = Objects.requireNonNull(codec, "'codec' must not be null");
    }

    /**
     * Creates a verifier with the default codec.
     *
     * @param trustedKeys the accepted public keys; during a rotation the old and the new one
     * @return the verifier
     */
    public static EventVerifier of(PublicKey... trustedKeys) {
        return new EventVerifier(Arrays.asList(trustedKeys), new EventCodec());
    }

    /**
     * Creates a verifier from configuration text.
     *
     * @param x509PublicKeys base64 X.509 encodings of the accepted public keys
     * @return the verifier
     * @throws IllegalArgumentException if a key cannot be decoded or none is given
     */
    public static EventVerifier fromBase64(Collection<String> x509PublicKeys) {
        if (x509PublicKeys == null) {
            throw new IllegalArgumentException("'x509PublicKeys' must list at least one public key, got null");
        }
        return new EventVerifier(
                x509PublicKeys.stream().map(SigningKeys::decodePublicKey).toList(), new EventCodec());
    }

    /**
     * The ids of the keys this verifier accepts.
     *
     * @return the key ids, in the order the keys were given
     */
    public Set<String> trustedKeyIds() {
        return trustedKeys.keySet();
    }

    /**
     * Verifies a decoded event. Only the fields this version of the contract knows are covered, so an event from a
     * newer service with additional fields fails here; nodes reading from the topic should prefer
     * {@link #decodeAndVerify(byte[])}.
     *
     * @param event the event to check
     * @throws SignatureRejectedException if the signature is missing, malformed, names an unknown key or does not
     *     match
     */
    public void verify(AssignmentEvent event) {
        check(event, codec.canonicalBytes(event));
    }

    /**
     * Decodes a received event and verifies its signature over the bytes as received, including properties this
     * version of the contract does not know.
     *
     * @param eventJson the encoded event, for example a Kafka record value
     * @return the verified event
     * @throws EventFormatException if the bytes are not an encoded event
     * @throws SignatureRejectedException if the signature is missing, malformed, names an unknown key or does not
     *     match
     */
    public AssignmentEvent decodeAndVerify(byte[] eventJson) {
        AssignmentEvent event = codec.decode(eventJson, AssignmentEvent.class);
        check(event, codec.canonicalBytes(eventJson));
        return event;
    }

    private void check(AssignmentEvent event, byte[] canonical) {
        String signature = event.signature();
        if (signature == null || signature.isBlank()) {
            throw rejected(event, SignatureRejectedException.Reason.MISSING_SIGNATURE, "it carries no signature");
        }

        Matcher parts = SIGNATURE_FORMAT.matcher(signature);
        if (!parts.matches()) {
            throw rejected(
                    event,
                    SignatureRejectedException.Reason.MALFORMED_SIGNATURE,
                    "signature \"" + abbreviate(signature) + "\" is not of the form ed25519:<16 hex key id>:<base64>");
        }

        String keyId = parts.group(1);
        PublicKey key = trustedKeys.get(keyId);
        if (key == null) {
            throw rejected(
                    event,
                    SignatureRejectedException.Reason.UNKNOWN_KEY_ID,
                    "it is signed with key " + keyId + ", which is not among the trusted keys " + trustedKeyIds()
                            + "; if the service's key was rotated, add its new public key to the trusted keys");
        }

        byte[] signatureBytes = Base64.getDecoder().decode(parts.group(2));
        if (signatureBytes.length != Ed25519Signatures.SIGNATURE_LENGTH) {
            throw rejected(
                    event,
                    SignatureRejectedException.Reason.MALFORMED_SIGNATURE,
                    "signature with key " + keyId + " has " + signatureBytes.length
                            + " bytes, an Ed25519 signature has " + Ed25519Signatures.SIGNATURE_LENGTH);
        }

        if (!matches(key, canonical, signatureBytes)) {
            throw rejected(
                    event,
                    SignatureRejectedException.Reason.SIGNATURE_MISMATCH,
                    "the signature does not match the content for key " + keyId
                            + "; the event was altered after signing, or signed by another key under that key's id");
        }
    }

    private static boolean matches(PublicKey key, byte[] canonical, byte[] signatureBytes) {
        try {
            return Ed25519Signatures.verify(key, canonical, signatureBytes);
        } catch (SignatureException e) {
            // The JDK throws rather than returns false for some invalid encodings (for example a point that is not on
            // the curve); for a node both mean the same: this key did not sign this content.
            return false;
        }
    }

    private static SignatureRejectedException rejected(
            AssignmentEvent event, SignatureRejectedException.Reason reason, String detail) {
        return new SignatureRejectedException(
                reason,
                event.eventId(),
                "assignment event " + event.eventId() + " (sequence " + event.sequence() + " for node " + event.node()
                        + ") rejected: " + detail);
    }

    private static String abbreviate(String value) {
        int limit = 40;
        return value.length() <= limit ? value : value.substring(0, limit) + "...";
    }
}
