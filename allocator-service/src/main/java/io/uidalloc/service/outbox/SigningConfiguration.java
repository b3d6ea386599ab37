package io.uidalloc.service.outbox;

import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventSigner;
import io.uidalloc.contract.SigningKeys;
import java.security.KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key that signs every event, from configuration; generated only when local development asks for it. */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningConfiguration.class);

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    EventSigner eventSigner(EventsProperties properties, EventCodec codec) {
        boolean configured = properties.signingPrivateKey() != null
                && !properties.signingPrivateKey().isBlank();
        if (configured) {
            if (properties.signingPublicKey() == null
                    || properties.signingPublicKey().isBlank()) {
                throw new IllegalArgumentException(
                        "uidalloc.events.signing-public-key (UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY)"
                                + " is not set; give the public key that belongs to"
                                + " uidalloc.events.signing-private-key");
            }
            EventSigner signer = EventSigner.fromBase64(properties.signingPrivateKey(), properties.signingPublicKey());
            log.info("Signing events with key {}", signer.keyId());
            return signer;
        }
        if (properties.generateSigningKey()) {
            KeyPair pair = SigningKeys.generate();
            EventSigner signer = new EventSigner(pair.getPrivate(), pair.getPublic(), codec);
            log.warn(
                    "Signing events with a key generated for local development (key id {}); node clients must trust"
                            + " its public key {} and it changes at every start. Configure"
                            + " uidalloc.events.signing-private-key and -public-key for anything else.",
                    signer.keyId(),
                    SigningKeys.encodePublicKey(pair.getPublic()));
            return signer;
        }
        throw new IllegalArgumentException(
                "uidalloc.events.signing-private-key (UIDALLOC_EVENTS_SIGNING_PRIVATE_KEY) is"
                        + " not set; generate a key pair (docs/events.md, 'Signing') and configure both halves, or set"
                        + " uidalloc.events.generate-signing-key=true for local development only");
    }
}
