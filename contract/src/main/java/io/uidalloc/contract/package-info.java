/**
 * The wire contract between the allocator service and the node clients: the events on the Kafka topics, the resync
 * answer, their JSON encoding and the Ed25519 signature that lets a node trust an assignment it did not ask for.
 *
 * <p>Everything here is shared by both sides, so changes must stay compatible: add fields, never rename or remove
 * them, and bump {@link io.uidalloc.contract.AssignmentEvent#SCHEMA_VERSION} when the meaning of a field changes. A
 * field added to an event is covered by its signature; nodes that do not know it yet still verify the event as long
 * as they verify the received bytes ({@link io.uidalloc.contract.EventVerifier#decodeAndVerify(byte[])}). The JSON
 * shape is described by {@code docs/events-schema.json}, shipped in this jar as {@code uidalloc/events-schema.json}.
 */
package io.uidalloc.contract;
