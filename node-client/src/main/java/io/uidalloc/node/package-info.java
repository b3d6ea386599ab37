/**
 * The node client: applies the allocator's decisions on one node with the kernel.
 *
 * <p>{@link io.uidalloc.node.PodAssignment} is the input; {@code pod.PodApplier} sets up and removes a pod's user
 * namespace and id-mapped volumes; {@code safety.SafetyRules} refuses assignments that would be dangerous whatever
 * their origin; {@code features.FeatureProbe} reports what the kernel supports; {@code agent.NodeAgent} reads the
 * node's events and reports back. Native calls live in {@code kernel}, whose {@code internal} package nothing outside
 * {@code kernel} may import.
 */
package io.uidalloc.node;
