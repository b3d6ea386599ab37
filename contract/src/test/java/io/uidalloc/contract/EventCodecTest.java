package io.uidalloc.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    static Stream<Object> everyContractValue() {
        AssignmentEvent assigned = TestEvents.assignment().build();
        return Stream.of(
                assigned,
                assigned.withSignature("ed25519:0123456789abcdef:AAAA"),
                TestEvents.assignment()
                        .type(AssignmentType.REVOKED)
                        .volumes(List.of())
                        .build(),
                TestEvents.appliedReport(),
                TestEvents.failedReport(),
                TestEvents.revokedReport(),
                TestEvents.heartbeatReport(),
                new NodeAssignments("node-a", 12, List.of(assigned)),
                IdMapping.ofBlock(4178444288L, 65536),
                new Volume("config", "/etc/pod", "/etc/app", true));
    }

    @ParameterizedTest
    @MethodSource("everyContractValue")
    void everyContractValueSurvivesARoundTripAsBytesAndAsString(Object value) {
        assertThat(codec.decode(codec.encode(value), value.getClass())).isEqualTo(value);
        assertThat(codec.decode(codec.encodeToString(value), value.getClass())).isEqualTo(value);
    }

    @Test
    void idMappingIsEncodedInTheCriShape() {
        assertThat(codec.encodeToString(IdMapping.ofBlock(4178444288L, 65536)))
                .isEqualTo("{\"containerId\":0,\"hostId\":4178444288,\"size\":65536}");
    }

    @Test
    void instantsAreWrittenAsIsoStringsAndAbsentFieldsAreLeftOut() {
        String json = codec.encodeToString(TestEvents.appliedReport());

        assertThat(json).contains("\"occurredAt\":\"2025-03-01T12:00:00.123456Z\"");
        assertThat(json).doesNotContain("null").doesNotContain("\"reason\"").doesNotContain("\"heartbeat\"");
    }

    @Test
    void propertiesFromANewerProducerAreIgnored() {
        NodeReport report = TestEvents.revokedReport();
        String json = codec.encodeToString(report)
                .replaceFirst("\\{", "{\"drainedBy\":{\"operator\":\"alice\"},\"priority\":3,");

        assertThat(codec.decode(json, NodeReport.class)).isEqualTo(report);
    }

    static Stream<Arguments> garbage() {
        String valid = new EventCodec().encodeToString(TestEvents.assignment().build());
        return Stream.of(
                Arguments.of("not JSON", "hello, kafka", "Unrecognized token"),
                Arguments.of("truncated", valid.substring(0, valid.length() / 2), "end-of-input"),
                Arguments.of("an array", "[1,2,3]", "AssignmentEvent"),
                Arguments.of("JSON null", "null", "JSON null"),
                Arguments.of("a string for a number", valid.replace("\"block\":64", "\"block\":\"sixty\""), "$.block"),
                Arguments.of("a nested error", valid.replace("\"size\":65536}", "\"size\":-1}"), "$.uidMappings[0]"),
                Arguments.of("a fraction for an integer", valid.replace("\"block\":64", "\"block\":64.5"), "block"),
                Arguments.of("a missing primitive", valid.replace("\"block\":64,", ""), "block"),
                Arguments.of("a missing event id", valid.replaceFirst("\"eventId\":\"[^\"]+\",", ""), "eventId"),
                Arguments.of("an unknown type", valid.replace("ASSIGNED", "MOVED"), "MOVED"),
                Arguments.of("a duplicate key", valid.replace("\"block\":64", "\"block\":64,\"block\":65"), "block"),
                Arguments.of("trailing content", valid + "{}", "Trailing token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void decodingGarbageFailsWithAMessageNamingTheProblem(String description, String json, String named) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), AssignmentEvent.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("AssignmentEvent")
                .hasMessageContaining(named);
    }

    @Test
    void decodingNullBytesFailsInsteadOfReturningNull() {
        assertThatThrownBy(() -> codec.decode((byte[]) null, NodeReport.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("NodeReport")
                .hasMessageContaining("null bytes");
    }

    @Test
    void canonicalBytesAreTheEventWithoutSignatureWithSortedKeysAndNoWhitespace() {
        AssignmentEvent event =
                TestEvents.assignment().volumes(List.of()).build().withSignature("ed25519:0123456789abcdef:AAAA");

        String canonical = new String(codec.canonicalBytes(event), StandardCharsets.UTF_8);

        assertThat(canonical)
                .isEqualTo("{\"block\":64,\"eventId\":\"0c9a7f52-6a34-4b1e-8d5f-2e7c3b9a1d40\","
                        + "\"gidMappings\":[{\"containerId\":0,\"hostId\":4194304,\"size\":65536}],"
                        + "\"hostIdStart\":4194304,\"namespace\":\"shop\",\"node\":\"node-a\","
                        + "\"occurredAt\":\"2025-03-01T12:00:00.123456Z\",\"podName\":\"checkout-7d9f\","
                        + "\"podUid\":\"3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f\",\"schemaVersion\":1,\"sequence\":7,"
                        + "\"size\":65536,\"tenant\":\"tenant-blue\",\"type\":\"ASSIGNED\","
                        + "\"uidMappings\":[{\"containerId\":0,\"hostId\":4194304,\"size\":65536}],\"volumes\":[]}");
    }

    @Test
    void canonicalBytesSortNestedObjectsToo() {
        String canonical =
                new String(codec.canonicalBytes(TestEvents.assignment().build()), StandardCharsets.UTF_8);

        assertThat(canonical)
                .contains("\"volumes\":[{\"containerPath\":\"/data\",\"hostPath\":\"/srv/pods/data\","
                        + "\"name\":\"data\",\"readOnly\":false}]");
    }

    @Test
    void canonicalBytesDoNotDependOnPropertyOrder() {
        AssignmentEvent event = TestEvents.assignment().build();

        byte[] reordered = reverseObjectKeys(codec.encode(event));

        assertThat(new String(reordered, StandardCharsets.UTF_8))
                .isNotEqualTo(codec.encodeToString(event))
                .startsWith("{\"occurredAt\"");
        assertThat(codec.canonicalBytes(reordered)).isEqualTo(codec.canonicalBytes(event));
    }

    @Test
    void canonicalBytesDoNotDependOnTheSignature() {
        AssignmentEvent unsigned = TestEvents.assignment().build();

        assertThat(codec.canonicalBytes(unsigned.withSignature("ed25519:0123456789abcdef:AAAA")))
                .isEqualTo(codec.canonicalBytes(unsigned.withSignature("ed25519:fedcba9876543210:BBBB")))
                .isEqualTo(codec.canonicalBytes(unsigned));
    }

    @Test
    void canonicalBytesChangeWhenTheContentChanges() {
        assertThat(codec.canonicalBytes(TestEvents.assignment().block(65).build()))
                .isNotEqualTo(
                        codec.canonicalBytes(TestEvents.assignment().block(64).build()));
    }

    @Test
    void canonicalBytesOfSomethingOtherThanAnObjectAreRefused() {
        assertThatThrownBy(() -> codec.canonicalBytes("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("found array");
    }

    /** Rewrites a JSON document with every object's keys in reverse order, as another producer might write them. */
    private static byte[] reverseObjectKeys(byte[] json) {
        JsonMapper mapper = JsonMapper.builder().build();
        return mapper.writeValueAsBytes(reversed(mapper, mapper.readTree(json)));
    }

    private static JsonNode reversed(JsonMapper mapper, JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            Collections.reverse(names);
            ObjectNode copy = mapper.createObjectNode();
            names.forEach(name -> copy.set(name, reversed(mapper, node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            var copy = mapper.createArrayNode();
            node.values().forEach(element -> copy.add(reversed(mapper, element)));
            return copy;
        }
        return node;
    }
}
