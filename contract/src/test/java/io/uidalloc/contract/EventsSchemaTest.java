package io.uidalloc.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventsSchemaTest {

    private static final String SCHEMA = "classpath:uidalloc/events-schema.json";
    private static final KeyPair KEY = SigningKeys.generate();

    private final EventCodec codec = new EventCodec();
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    static Stream<Object> topicDocuments() {
        EventSigner signer = EventSigner.of(KEY);
        return Stream.of(
                signer.sign(TestEvents.assignment().build()),
                signer.sign(TestEvents.assignment()
                        .type(AssignmentType.REVOKED)
                        .volumes(List.of())
                        .build()),
                TestEvents.appliedReport(),
                TestEvents.failedReport(),
                TestEvents.revokedReport(),
                TestEvents.heartbeatReport());
    }

    @ParameterizedTest
    @MethodSource("topicDocuments")
    void everyEncodedTopicDocumentMatchesTheSchema(Object document) {
        assertThat(errors(SCHEMA, codec.encode(document))).isEmpty();
    }

    @Test
    void encodedResyncAnswerMatchesItsDefinition() {
        NodeAssignments answer = new NodeAssignments(
                "node-a",
                12,
                List.of(EventSigner.of(KEY).sign(TestEvents.assignment().build())));

        assertThat(errors(SCHEMA + "#/definitions/NodeAssignments", codec.encode(answer)))
                .isEmpty();
    }

    @Test
    void resyncAnswerWithAnUnsignedEventDoesNotMatch() {
        NodeAssignments answer = new NodeAssignments(
                "node-a", 12, List.of(TestEvents.assignment().build()));

        assertThat(errors(SCHEMA + "#/definitions/NodeAssignments", codec.encode(answer)))
                .extracting(Error::getMessage)
                .anyMatch(message -> message.contains("signature"));
    }

    @Test
    void eventWithAHostIdBeyondThirtyTwoBitsDoesNotMatch() {
        String event = codec.encodeToString(TestEvents.assignment().build())
                .replace("\"hostIdStart\":4194304", "\"hostIdStart\":4294967296");

        assertThat(errors(SCHEMA + "#/definitions/AssignmentEvent", event.getBytes()))
                .extracting(error -> error.getInstanceLocation().toString())
                .containsExactly("/hostIdStart");
    }

    @Test
    void failedReportWithoutReasonDoesNotMatch() {
        String report = codec.encodeToString(TestEvents.failedReport()).replaceFirst("\"reason\":\"[^\"]*\",", "");

        assertThat(report).doesNotContain("reason");
        assertThat(errors(SCHEMA + "#/definitions/NodeReport", report.getBytes()))
                .extracting(Error::getMessage)
                .anyMatch(message -> message.contains("reason"));
    }

    @Test
    void schemaInTheJarIsTheDocumentedOne() throws IOException {
        byte[] documented = Files.readAllBytes(Path.of("..", "docs", "events-schema.json"));

        try (InputStream shipped = getClass().getResourceAsStream("/uidalloc/events-schema.json")) {
            assertThat(shipped).isNotNull();
            assertThat(shipped.readAllBytes()).isEqualTo(documented);
        }
    }

    private List<Error> errors(String schemaLocation, byte[] json) {
        Schema schema = registry.getSchema(SchemaLocation.of(schemaLocation));
        JsonNode document = mapper.readTree(json);
        return schema.validate(document);
    }
}
