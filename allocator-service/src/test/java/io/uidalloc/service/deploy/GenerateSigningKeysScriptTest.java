package io.uidalloc.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.uidalloc.contract.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/generate-signing-keys.sh} makes keys the service and the node client accept: it runs the script (with
 * this machine's openssl; skipped, with the reason, where there is none) and decodes and uses what it prints.
 */
class GenerateSigningKeysScriptTest {

    @Test
    void scriptPrintsAKeyPairThatSigningKeysDecodesAndThatBelongsTogether() throws Exception {
        Map<String, String> lines = runScript();

        PrivateKey privateKey = SigningKeys.decodePrivateKey(lines.get("UIDALLOC_EVENTS_SIGNING_PRIVATE_KEY"));
        PublicKey publicKey = SigningKeys.decodePublicKey(lines.get("UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY"));

        byte[] message = "uidalloc".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
        signer.initSign(privateKey);
        signer.update(message);
        Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
        verifier.initVerify(publicKey);
        verifier.update(message);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void scriptPrintsExactlyTheTwoLinesTheEnvFileExpects() throws Exception {
        Map<String, String> lines = runScript();

        assertThat(lines).containsOnlyKeys("UIDALLOC_EVENTS_SIGNING_PRIVATE_KEY", "UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY");
        assertThat(lines.values()).allMatch(value -> value.matches("[A-Za-z0-9+/]+=*"));
    }

    @Test
    void everyRunPrintsANewKey() throws Exception {
        assertThat(runScript().get("UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY"))
                .isNotEqualTo(runScript().get("UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY"));
    }

    private static Map<String, String> runScript() throws Exception {
        assumeThat(openSslPresent())
                .as("openssl is not installed here, so the script cannot run")
                .isTrue();
        Process process = new ProcessBuilder(
                        "bash",
                        DeploymentFiles.file("deploy/generate-signing-keys.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        return lines.stream()
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }

    private static boolean openSslPresent() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("openssl", "version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException e) {
            // No such executable: ProcessBuilder reports a missing program this way and no other.
            return false;
        }
    }
}
