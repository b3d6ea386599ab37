package io.uidalloc.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes the contract's types to JSON and back, and computes the canonical bytes of an {@link AssignmentEvent} that
 * its signature covers. Instances are immutable and thread-safe; one per application is enough.
 *
 * <p>The encoding is chosen so that producers and consumers of different versions keep talking: instants are ISO-8601
 * strings, {@code null} fields are left out, and properties a consumer does not know are ignored, so that a service
 * that adds a field does not break nodes that have not been upgraded yet. What is refused is anything ambiguous or
 * lossy: duplicate keys, trailing content, {@code null} or fractional numbers for integer fields.
 *
 * <h2>Canonical bytes</h2>
 *
 * A signature is only useful if signer and verifier hash exactly the same bytes, yet the bytes on the wire may differ
 * from what a verifier would produce by re-encoding: the order of properties depends on the producer, and an older
 * node does not know fields a newer service wrote. The canonical form is therefore taken from the parsed JSON tree,
 * not from the Java record: the {@code signature} property is removed, the keys of every object are sorted (by UTF-16
 * code units, as {@link String#compareTo} does), array order is kept, and the result is written without whitespace as
 * UTF-8. Signing goes through the same path (encode, parse, canonicalise), so the signer's bytes are by construction
 * the bytes any verifier gets from the received JSON, independent of field order and of the signature itself.
 */
public final class EventCodec {

    private static final String SIGNATURE_PROPERTY = "signature";

    private final JsonMapper mapper;

    /** Creates a codec with the contract's JSON settings. */
    public EventCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // A signed document with two values for one key could be read one way by the verifier and another
                // way by whoever acts on it; refuse it instead of guessing.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /**
     * Encodes a contract value as UTF-8 JSON.
     *
     * @param value an {@link AssignmentEvent}, {@link NodeReport}, {@link NodeAssignments} or one of their parts
     * @return the JSON document
     * @throws EventFormatException if the value cannot be written as JSON
     */
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new EventFormatException(
                    "could not encode " + typeName(value) + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Encodes a contract value as a JSON string.
     *
     * @param value the value to encode
     * @return the JSON document
     * @throws EventFormatException if the value cannot be written as JSON
     */
    public String encodeToString(Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /**
     * Decodes a UTF-8 JSON document.
     *
     * @param json the document, for example a Kafka record value
     * @param type the expected type
     * @param <T> the expected type
     * @return the decoded value, never {@code null}
     * @throws EventFormatException if the bytes are not a valid document of that type
     */
    public <T> T decode(byte[] json, Class<T> type) {
        if (json == null) {
            throw new EventFormatException(
                    "cannot decode " + type.getSimpleName() + " from null bytes (a Kafka tombstone?)", null);
        }
        try {
            return requireValue(mapper.readValue(json, type), type, json.length);
        } catch (JacksonException e) {
            throw decodeFailure(type, json.length, e);
        }
    }

    /**
     * Decodes a JSON document held in a string.
     *
     * @param json the document
     * @param type the expected type
     * @param <T> the expected type
     * @return the decoded value, never {@code null}
     * @throws EventFormatException if the string is not a valid document of that type
     */
    public <T> T decode(String json, Class<T> type) {
        if (json == null) {
            throw new EventFormatException("cannot decode " + type.getSimpleName() + " from a null string", null);
        }
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * The bytes an event's signature covers: the event as JSON without its signature, keys sorted recursively, no
     * whitespace, UTF-8. See the class documentation for why this goes through the JSON tree.
     *
     * @param event the event, signed or not
     * @return the canonical bytes
     */
    public byte[] canonicalBytes(AssignmentEvent event) {
        return canonicalBytes(encode(event));
    }

    /**
     * The canonical bytes of an event as received, including any properties this version of the contract does not
     * know, so that a node can verify events from a newer service (see {@link EventVerifier#decodeAndVerify}).
     *
     * @param eventJson an encoded {@link AssignmentEvent}
     * @return the canonical bytes
     * @throws EventFormatException if the bytes are not a JSON object
     */
    public byte[] canonicalBytes(byte[] eventJson) {
        JsonNode tree = readObject(eventJson);
        ((ObjectNode) tree).remove(SIGNATURE_PROPERTY);
        try {
            return mapper.writeValueAsBytes(sortedCopy(tree));
        } catch (JacksonException e) {
            throw new EventFormatException("could not write canonical form of event: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode readObject(byte[] json) {
        if (json == null) {
            throw new EventFormatException("cannot canonicalise an AssignmentEvent from null bytes", null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException e) {
            throw decodeFailure(AssignmentEvent.class, json.length, e);
        }
        if (tree == null || !tree.isObject()) {
            String found =
                    tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase();
            throw new EventFormatException("expected an AssignmentEvent JSON object, found " + found, null);
        }
        return tree;
    }

    private JsonNode sortedCopy(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(property -> sorted.put(property.getKey(), property.getValue()));
            ObjectNode copy = mapper.createObjectNode();
            sorted.forEach((name, value) -> copy.set(name, sortedCopy(value)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = mapper.createArrayNode();
            node.values().forEach(element -> copy.add(sortedCopy(element)));
            return copy;
        }
        return node;
    }

    private static <T> T requireValue(T value, Class<T> type, int length) {
        if (value == null) {
            throw new EventFormatException(
                    "expected a " + type.getSimpleName() + " JSON object, got JSON null (" + length + " bytes)", null);
        }
        return value;
    }

    private static EventFormatException decodeFailure(Class<?> type, int length, JacksonException e) {
        String path = e.getPath().isEmpty() ? "" : " at " + jsonPath(e);
        return new EventFormatException(
                "could not decode " + type.getSimpleName() + " from " + length + " bytes" + path + ": "
                        + e.getOriginalMessage(),
                e);
    }

    /** The failing property as {@code $.uidMappings[0].size}, which reads better than Jackson's class-based path. */
    private static String jsonPath(JacksonException e) {
        StringBuilder path = new StringBuilder("$");
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
