package io.uidalloc.service.allocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.uidalloc.service.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Counts allocations and releases by outcome and times allocations, as {@code uidalloc_allocations_total},
 * {@code uidalloc_releases_total} and {@code uidalloc_allocation_seconds}.
 *
 * <p>Every outcome is registered up front, so each series exists from the start at 0: a rate over a series that
 * appears only with its first event would miss that event.
 */
@Component
class AllocationMetrics {

    static final String CREATED = "created";
    static final String REPEATED = "repeated";
    static final String QUOTA_EXCEEDED = "quota_exceeded";
    static final String POOL_EXHAUSTED = "pool_exhausted";
    static final String INVALID = "invalid";
    static final String CONFLICT = "conflict";
    static final String RELEASED = "released";
    static final String NOT_FOUND = "not_found";
    /** Anything else: an unknown tenant, a pool too busy to pick from, a fault of the service. */
    static final String ERROR = "error";

    private static final List<String> ALLOCATION_OUTCOMES =
            List.of(CREATED, REPEATED, QUOTA_EXCEEDED, POOL_EXHAUSTED, INVALID, CONFLICT, ERROR);
    private static final List<String> RELEASE_OUTCOMES = List.of(RELEASED, NOT_FOUND, INVALID, ERROR);

    private final MeterRegistry registry;
    private final Map<String, Counter> allocations;
    private final Map<String, Timer> allocationTimers;
    private final Map<String, Counter> releases;

    AllocationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.allocations = byOutcome(
                ALLOCATION_OUTCOMES,
                outcome -> Counter.builder("uidalloc.allocations")
                        .description("Allocation requests by outcome")
                        .tag("outcome", outcome)
                        .register(registry));
        this.allocationTimers = byOutcome(
                ALLOCATION_OUTCOMES,
                outcome -> Timer.builder("uidalloc.allocation")
                        .description("Time to answer an allocation request, by outcome")
                        .tag("outcome", outcome)
                        .publishPercentileHistogram()
                        .register(registry));
        this.releases = byOutcome(
                RELEASE_OUTCOMES,
                outcome -> Counter.builder("uidalloc.releases")
                        .description(
                                "Release requests by outcome; a repeated release of a released pod counts as released")
                        .tag("outcome", outcome)
                        .register(registry));
    }

    /** Runs an allocation, counting and timing it by its outcome; what the allocation throws passes through. */
    AllocationService.Allocated allocation(Supplier<AllocationService.Allocated> allocate) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = ERROR;
        try {
            AllocationService.Allocated allocated = allocate.get();
            outcome = allocated.created() ? CREATED : REPEATED;
            return allocated;
        } catch (ApiException e) {
            outcome = allocationOutcome(e);
            throw e;
        } finally {
            allocations.get(outcome).increment();
            sample.stop(allocationTimers.get(outcome));
        }
    }

    /** Runs a release, counting it by its outcome; what the release throws passes through. */
    AllocationService.Allocated release(Supplier<AllocationService.Allocated> release) {
        String outcome = ERROR;
        try {
            AllocationService.Allocated released = release.get();
            outcome = RELEASED;
            return released;
        } catch (ApiException e) {
            outcome = e.status() == HttpStatus.NOT_FOUND ? NOT_FOUND : commonOutcome(e);
            throw e;
        } finally {
            releases.get(outcome).increment();
        }
    }

    private static String allocationOutcome(ApiException e) {
        String type = e.type().toString();
        if (type.endsWith("/quota-exceeded")) {
            return QUOTA_EXCEEDED;
        }
        if (type.endsWith("/pool-exhausted")) {
            return POOL_EXHAUSTED;
        }
        return e.status() == HttpStatus.CONFLICT ? CONFLICT : commonOutcome(e);
    }

    private static String commonOutcome(ApiException e) {
        return e.status() == HttpStatus.BAD_REQUEST ? INVALID : ERROR;
    }

    private static <M> Map<String, M> byOutcome(List<String> outcomes, Function<String, M> meter) {
        return outcomes.stream().collect(Collectors.toUnmodifiableMap(outcome -> outcome, meter));
    }
}
