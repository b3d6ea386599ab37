package io.uidalloc.service.allocation;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The state changes of allocations. */
public interface HistoryRepository extends JpaRepository<HistoryEntry, Long> {

    List<HistoryEntry> findByAllocationIdOrderByIdAsc(long allocationId);
}
