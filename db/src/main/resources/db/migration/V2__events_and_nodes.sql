-- Events for the node clients (a transactional outbox), the nodes that apply them, and what the nodes report.

-- Every node the service has sent an event to or heard from. last_sequence is the per-node event counter: it is
-- incremented in the transaction that writes the event, under this row's lock, so per-node sequences have no gaps
-- (a rolled-back transaction rolls its increment back too) and commit in sequence order.
create table node (
    name              text        primary key,
    token_hash        bytea       unique,
    registered_at     timestamptz,
    state             text        not null default 'NEW',
    first_heartbeat_at timestamptz,
    last_heartbeat_at  timestamptz,
    last_sequence     bigint      not null default 0,
    applied_sequence  bigint,
    kernel_version    text,
    user_namespaces   boolean,
    idmapped_mounts   boolean,
    idmap_support     text,
    dry_run           boolean,
    held_pods         integer,
    drift             text,
    drift_checked_at  timestamptz,
    constraint node_state_is_known check (state in ('NEW', 'READY', 'LOST'))
);

-- Events waiting for, or past, publication. The payload is the event's JSON without its signature: the relay signs
-- each event as it publishes it.
create table outbox (
    id           bigint generated always as identity primary key,
    event_id     uuid        not null unique,
    node         text        not null references node (name),
    sequence     bigint      not null,
    type         text        not null,
    payload      text        not null,
    created_at   timestamptz not null,
    published_at timestamptz,
    unique (node, sequence)
);
-- The relay reads the head of this index; it stays as small as the backlog.
create index outbox_unpublished on outbox (id) where published_at is null;

-- The sequences of the events that assigned and revoked an allocation, so a node's report can be matched to the
-- event it answers and a stale one recognised; and the ASSIGNED event, which a resync hands out again, signed.
alter table allocation
    add column assigned_sequence bigint,
    add column revoked_sequence  bigint,
    add column assigned_event    text;
create index allocation_held_by_node on allocation (node)
    where state in ('PENDING', 'ACTIVE', 'RELEASING');
create index allocation_failed on allocation (updated_at desc) where state = 'FAILED';

-- Report IDs already processed: a redelivered report finds its ID here and changes nothing.
create table node_report (
    report_id   uuid        primary key,
    node        text        not null,
    type        text        not null,
    pod_uid     uuid,
    sequence    bigint,
    received_at timestamptz not null,
    outcome     text        not null
);
create index node_report_by_node on node_report (node, received_at desc);
