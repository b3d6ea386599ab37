-- The dashboard counts allocations and releases per minute over the last minutes; without these indexes each refresh
-- would scan the whole allocation table, which only grows.
create index allocation_by_created_at on allocation (created_at);
create index allocation_by_released_at on allocation (released_at) where released_at is not null;
