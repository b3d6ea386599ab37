-- Builds a busy pool and shows the plans of the block pick; see docs/architecture.md.
-- psql -d explain_demo -f db/src/main/resources/db/migration/V1__allocator_core.sql \
--   -f db/src/main/resources/db/migration/V2__events_and_nodes.sql -f docs/explain-pick.sql
insert into block (first_host_id, size, in_pool) select s, 65536, true from generate_series(65536, 4294901760 - 65536, 65536) s;
insert into tenant (name, quota_blocks, token_hash, created_at) values ('a', 100000, 'x', now()), ('b', 100000, 'y', now());
-- half the pool held, a thousand released blocks, as a busy fleet would look
insert into node (name) values ('n1');
insert into allocation (tenant_id, pod_uid, namespace, pod_name, node, host_id_start, size, state, created_at, updated_at)
  select 1, gen_random_uuid(), 'ns', 'p', 'n1', s, 65536, 'PENDING', now(), now() from generate_series(65536::bigint, 65536::bigint*32768, 65536) s;
update block b set held_by = a.id from allocation a where a.host_id_start = b.first_host_id;
update block set held_by = null, last_tenant_id = 2, released_at = now() - interval '1 hour' where first_host_id between 65536::bigint*40000 and 65536::bigint*41000;
analyze;
\echo '--- own released block'
explain (analyze, buffers, costs off, timing off, summary off) select first_host_id from block where held_by is null and in_pool and last_tenant_id = 1 and released_at <= now() - interval '10 minutes' order by last_tenant_id, released_at limit 1 for update skip locked;
\echo '--- never held block'
explain (analyze, buffers, costs off, timing off, summary off) select first_host_id from block where held_by is null and in_pool and last_tenant_id is null order by first_host_id limit 1 for update skip locked;
\echo '--- other tenants block'
explain (analyze, buffers, costs off, timing off, summary off) select first_host_id from block where held_by is null and in_pool and last_tenant_id is not null and last_tenant_id <> 1 and released_at <= now() - interval '10 minutes' order by released_at limit 1 for update skip locked;
\echo '--- never held block, second run (dead index entries marked killed by the first scan)'
explain (analyze, buffers, costs off, timing off, summary off) select first_host_id from block where held_by is null and in_pool and last_tenant_id is null order by first_host_id limit 1 for update skip locked;
vacuum block;
\echo '--- never held block after vacuum'
explain (analyze, buffers, costs off, timing off, summary off) select first_host_id from block where held_by is null and in_pool and last_tenant_id is null order by first_host_id limit 1 for update skip locked;
