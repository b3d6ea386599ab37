package io.uidalloc.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static final KeyPair KEY = SigningKeys.generate();

    @Test
    void keysSurviveTheirBase64Encodings() {
        assertThat(SigningKeys.decodePublicKey(SigningKeys.encodePublicKey(KEY.getPublic())))
                .isEqualTo(KEY.getPublic());
        assertThat(SigningKeys.decodePrivateKey(SigningKeys.encodePrivateKey(KEY.getPrivate()))
                        .getEncoded())
                .isEqualTo(KEY.getPrivate().getEncoded());
    }

    @Test
    void keysWrappedOverSeveralLinesAreAccepted() {
        String encoded = SigningKeys.encodePublicKey(KEY.getPublic());
        String wrapped = encoded.substring(0, 20) + "\n" + encoded.substring(20) + "\n";

        assertThat(SigningKeys.decodePublicKey(wrapped)).isEqualTo(KEY.getPublic());
    }

    @Test
    void keyIdIsTheStartOfTheSha256OfTheX509Encoding() throws Exception {
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(KEY.getPublic().getEncoded());

        assertThat(SigningKeys.keyId(KEY.getPublic()))
                .hasSize(16)
                .isEqualTo(HexFormat.of().formatHex(digest, 0, 8));
    }

    @Test
    void differentKeysHaveDifferentIds() {
        assertThat(SigningKeys.keyId(SigningKeys.generate().getPublic()))
                .isNotEqualTo(SigningKeys.keyId(KEY.getPublic()));
    }

    @Test
    void privateKeyThatIsNotBase64IsRefusedWithoutEchoingIt() {
        String secretLooking = "c2VjcmV0!!c2VjcmV0";

        assertThatThrownBy(() -> SigningKeys.decodePrivateKey(secretLooking))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64 PKCS#8 encoded Ed25519 private key")
                .hasMessageContaining("18 characters")
                .hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void privateKeyGivenWhereAPublicKeyBelongsIsRefusedNamingTheExpectedEncoding() {
        String privateKey = SigningKeys.encodePrivateKey(KEY.getPrivate());

        assertThatThrownBy(() -> SigningKeys.decodePublicKey(privateKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X.509 (SubjectPublicKeyInfo) encoded Ed25519 public key")
                .hasMessageContaining("starting with \"" + privateKey.substring(0, 12) + "\"");
    }

    @Test
    void publicKeyGivenWhereAPrivateKeyBelongsIsRefusedWithoutEchoingIt() {
        String publicKey = SigningKeys.encodePublicKey(KEY.getPublic());

        assertThatThrownBy(() -> SigningKeys.decodePrivateKey(publicKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8")
                .hasMessageNotContaining(publicKey.substring(0, 12));
    }

    @Test
    void rsaPublicKeyIsRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaKey = Base64.getEncoder()
                .encodeToString(rsa.generateKeyPair().getPublic().getEncoded());

        assertThatThrownBy(() -> SigningKeys.decodePublicKey(rsaKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ed25519 public key");
    }

    @Test
    void pemTextIsRefusedWithAHintToStripTheArmour() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> SigningKeys.decodePrivateKey(pem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remove the PEM")
                .hasMessageNotContaining("MC4CAQAw");
    }

    @Test
    void missingKeyIsRefusedNamingWhatIsExpected() {
        assertThatThrownBy(() -> SigningKeys.decodePublicKey(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a base64 X.509 (SubjectPublicKeyInfo) encoded Ed25519 public key, got null");
    }
}
