package io.uidalloc.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.contract.SignatureRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventSignatureTest {

    private static final KeyPair SERVICE_KEY = SigningKeys.generate();
    private static final KeyPair OTHER_KEY = SigningKeys.generate();

    private final EventCodec codec = new EventCodec();
    private final EventSigner signer = EventSigner.of(SERVICE_KEY);
    private final EventVerifier verifier = EventVerifier.of(SERVICE_KEY.getPublic());

    @Test
    void signatureNamesTheSchemeAndTheKeyId() {
        AssignmentEvent signed = signer.sign(TestEvents.assignment().build());

        assertThat(signer.keyId()).isEqualTo(SigningKeys.keyId(SERVICE_KEY.getPublic()));
        assertThat(signed.signature()).matches("ed25519:" + signer.keyId() + ":[A-Za-z0-9+/]{86}==");
        assertThat(signed.withSignature(null)).isEqualTo(TestEvents.assignment().build());
    }

    @Test
    void signedEventVerifies() {
        AssignmentEvent signed = signer.sign(TestEvents.assignment().build());

        assertThatCode(() -> verifier.verify(signed)).doesNotThrowAnyException();
    }

    @Test
    void signedEventVerifiesFromTheBytesANodeReceives() {
        AssignmentEvent signed = signer.sign(TestEvents.assignment().build());

        assertThat(verifier.decodeAndVerify(codec.encode(signed))).isEqualTo(signed);
    }

    @Test
    void eventWithAFieldFromANewerServiceVerifiesFromTheReceivedBytes() {
        byte[] unsigned = codec.encodeToString(TestEvents.assignment().build())
                .replaceFirst("\\{", "{\"priorityClass\":\"system-node-critical\",")
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = Ed25519Signatures.sign(SERVICE_KEY.getPrivate(), codec.canonicalBytes(unsigned));
        String signatureText =
                "ed25519:" + signer.keyId() + ":" + Base64.getEncoder().encodeToString(signature);
        byte[] received = new String(unsigned, StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"signature\":\"" + signatureText + "\",")
                .getBytes(StandardCharsets.UTF_8);

        AssignmentEvent event = verifier.decodeAndVerify(received);

        assertThat(event.signature()).isEqualTo(signatureText);
        assertThatThrownBy(() -> verifier.verify(event))
                .isInstanceOfSatisfying(
                        SignatureRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void eventWhoseBlockWasChangedAfterSigningIsRejectedAsMismatch() {
        AssignmentEvent signed = signer.sign(TestEvents.assignment().block(64).build());
        AssignmentEvent tampered = TestEvents.assignment().block(65).build().withSignature(signed.signature());

        assertRejected(tampered, Reason.SIGNATURE_MISMATCH, "does not match");
    }

    @Test
    void receivedBytesWhoseHostIdStartWasChangedAreRejectedAsMismatch() {
        String signed = codec.encodeToString(signer.sign(TestEvents.assignment().build()));
        String tampered = signed.replace("\"hostIdStart\":4194304", "\"hostIdStart\":0");

        assertThat(tampered).isNotEqualTo(signed);
        assertThatThrownBy(() -> verifier.decodeAndVerify(tampered.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        SignatureRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void eventSignedWithAnUntrustedKeyIsRejectedAsUnknownKeyId() {
        AssignmentEvent signed =
                EventSigner.of(OTHER_KEY).sign(TestEvents.assignment().build());

        assertRejected(signed, Reason.UNKNOWN_KEY_ID, SigningKeys.keyId(OTHER_KEY.getPublic()));
    }

    @Test
    void eventSignedWithAnotherKeyUnderTheTrustedKeyIdIsRejectedAsMismatch() {
        String forged = EventSigner.of(OTHER_KEY)
                .sign(TestEvents.assignment().build())
                .signature()
                .replace(SigningKeys.keyId(OTHER_KEY.getPublic()), signer.keyId());

        assertRejected(TestEvents.assignment().build().withSignature(forged), Reason.SIGNATURE_MISMATCH, "match");
    }

    @Test
    void eventWithoutSignatureIsRejectedAsMissing() {
        assertRejected(TestEvents.assignment().build(), Reason.MISSING_SIGNATURE, "no signature");
        assertRejected(TestEvents.assignment().build().withSignature(" "), Reason.MISSING_SIGNATURE, "no signature");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "rsa:0123456789abcdef:AAAA",
                "ed25519:0123456789ABCDEF:AAAA",
                "ed25519:0123456789abcdef",
                "ed25519:0123456789abcdef:not base64!",
                "ed25519:0123456789abcdef:AAAA:AAAA"
            })
    void eventWithASignatureOfTheWrongFormIsRejectedAsMalformed(String signature) {
        assertRejected(TestEvents.assignment().build().withSignature(signature), Reason.MALFORMED_SIGNATURE, "form");
    }

    @Test
    void signatureOfTheWrongLengthIsRejectedAsMalformed() {
        String shortSignature =
                "ed25519:" + signer.keyId() + ":" + Base64.getEncoder().encodeToString(new byte[32]);

        assertRejected(
                TestEvents.assignment().build().withSignature(shortSignature), Reason.MALFORMED_SIGNATURE, "32 bytes");
    }

    @Test
    void verifierTrustingTheOldAndTheNewKeyAcceptsEventsSignedWithEither() {
        KeyPair newKey = SigningKeys.generate();
        EventVerifier duringRotation = EventVerifier.of(SERVICE_KEY.getPublic(), newKey.getPublic());
        AssignmentEvent signedWithOld = signer.sign(TestEvents.assignment().build());
        AssignmentEvent signedWithNew =
                EventSigner.of(newKey).sign(TestEvents.assignment().build());

        assertThatCode(() -> duringRotation.verify(signedWithOld)).doesNotThrowAnyException();
        assertThatCode(() -> duringRotation.verify(signedWithNew)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EventVerifier.of(newKey.getPublic()).verify(signedWithOld))
                .isInstanceOfSatisfying(
                        SignatureRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY_ID));
    }

    @Test
    void verifierBuiltFromConfigurationTextTrustsTheGivenKeys() {
        KeyPair newKey = SigningKeys.generate();
        EventVerifier fromText = EventVerifier.fromBase64(List.of(
                SigningKeys.encodePublicKey(SERVICE_KEY.getPublic()), SigningKeys.encodePublicKey(newKey.getPublic())));

        assertThat(fromText.trustedKeyIds())
                .containsExactly(SigningKeys.keyId(SERVICE_KEY.getPublic()), SigningKeys.keyId(newKey.getPublic()));
    }

    @Test
    void verifierWithoutKeysIsRefused() {
        assertThatThrownBy(() -> EventVerifier.fromBase64(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one trusted public key");
    }

    @Test
    void signerBuiltFromConfigurationTextSignsVerifiably() {
        EventSigner fromText = EventSigner.fromBase64(
                SigningKeys.encodePrivateKey(SERVICE_KEY.getPrivate()),
                SigningKeys.encodePublicKey(SERVICE_KEY.getPublic()));

        assertThatCode(() ->
                        verifier.verify(fromText.sign(TestEvents.assignment().build())))
                .doesNotThrowAnyException();
    }

    @Test
    void signerWithAPublicKeyFromAnotherPairIsRefused() {
        assertThatThrownBy(() -> new EventSigner(SERVICE_KEY.getPrivate(), OTHER_KEY.getPublic(), codec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to public key " + SigningKeys.keyId(OTHER_KEY.getPublic()));
    }

    private void assertRejected(AssignmentEvent event, Reason reason, String messagePart) {
        assertThatThrownBy(() -> verifier.verify(event))
                .isInstanceOfSatisfying(SignatureRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.eventId()).isEqualTo(event.eventId());
                })
                .hasMessageContaining(event.eventId().toString())
                .hasMessageContaining(messagePart);
    }
}
