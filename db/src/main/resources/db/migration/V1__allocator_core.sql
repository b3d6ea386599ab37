-- The allocator's core schema.
--
-- Correctness lives here, not in Java: whatever the service does, PostgreSQL refuses
--   * a block that touches block 0 or the ID 4294967295 (check constraints on block),
--   * two held allocations whose host ID ranges overlap (exclusion constraint on allocation),
--   * two held allocations for one pod UID (partial unique index on allocation),
--   * a block held by two allocations (unique held_by on block),
--   * a tenant's usage below zero (check constraint; the quota itself is enforced by a guarded UPDATE).

create table tenant (
    id           bigint generated always as identity primary key,
    name         text        not null unique,
    quota_blocks integer     not null check (quota_blocks >= 0),
    used_blocks  integer     not null default 0 check (used_blocks >= 0),
    token_hash   bytea       not null unique,
    created_at   timestamptz not null
);

-- One row per block the pool has ever contained. A block is
--   held         when held_by is set,
--   retired      when it is outside the configured pool and not held,
--   quarantined  when it was released less than the quarantine ago,
--   free         otherwise.
-- Quarantine is derived from released_at and the configured duration, so changing the setting
-- needs no data migration.
create table block (
    first_host_id  bigint      primary key,
    size           bigint      not null,
    in_pool        boolean     not null,
    held_by        bigint      unique,
    last_tenant_id bigint      references tenant (id),
    released_at    timestamptz,
    constraint block_size_is_whole_blocks check (size > 0 and size % 65536 = 0),
    constraint block_is_aligned check (first_host_id % 65536 = 0),
    constraint block_avoids_host_users check (first_host_id >= 65536),
    -- the last ID of the block must stay below 4294967295, which the kernel reserves as (uid_t) -1
    constraint block_avoids_invalid_id check (first_host_id + size <= 4294967295)
);

-- The three free lists, in the order a tenant's allocation prefers them. Each is a partial index, so the
-- pick reads the head of one index instead of scanning the block table.
create index block_free_by_last_tenant on block (last_tenant_id, released_at)
    where held_by is null and in_pool and last_tenant_id is not null;
create index block_free_never_held on block (first_host_id)
    where held_by is null and in_pool and last_tenant_id is null;
create index block_free_by_release on block (released_at)
    where held_by is null and in_pool and last_tenant_id is not null;

create table allocation (
    id             bigint generated always as identity primary key,
    tenant_id      bigint      not null references tenant (id),
    pod_uid        uuid        not null,
    namespace      text        not null,
    pod_name       text        not null,
    node           text        not null,
    host_id_start  bigint      not null references block (first_host_id),
    size           bigint      not null,
    stable_key     text,
    state          text        not null,
    failure_reason text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    -- when the block was let go; null while the allocation holds it
    released_at    timestamptz,
    constraint allocation_state_is_known
        check (state in ('PENDING', 'ACTIVE', 'FAILED', 'RELEASING', 'RELEASED')),
    constraint allocation_release_matches_state
        check ((released_at is null) = (state in ('PENDING', 'ACTIVE', 'RELEASING'))),
    constraint held_allocations_do_not_overlap
        exclude using gist (int8range(host_id_start, host_id_start + size) with &&)
        where (state in ('PENDING', 'ACTIVE', 'RELEASING'))
);

alter table block
    add constraint block_held_by_allocation foreign key (held_by) references allocation (id);

create unique index allocation_one_held_per_pod on allocation (pod_uid)
    where state in ('PENDING', 'ACTIVE', 'RELEASING');
create index allocation_by_pod on allocation (pod_uid, id desc);
create index allocation_by_tenant on allocation (tenant_id, id desc);
create index allocation_by_stable_key on allocation (tenant_id, stable_key, id desc)
    where stable_key is not null;
-- "who held host ID X at time T": both ranges in one GiST index
create index allocation_by_host_and_time on allocation
    using gist (int8range(host_id_start, host_id_start + size), tstzrange(created_at, released_at));

create table allocation_volume (
    allocation_id  bigint  not null references allocation (id),
    position       integer not null,
    name           text    not null,
    host_path      text    not null,
    container_path text    not null,
    read_only      boolean not null,
    primary key (allocation_id, position),
    unique (allocation_id, name)
);

-- Every state change of every allocation, never updated or deleted.
create table allocation_history (
    id            bigint generated always as identity primary key,
    allocation_id bigint      not null references allocation (id),
    state         text        not null,
    at            timestamptz not null,
    detail        text
);
create index allocation_history_by_allocation on allocation_history (allocation_id, id);
