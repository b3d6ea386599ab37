package io.uidalloc.service.node;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventSigner;
import io.uidalloc.contract.Heartbeat;
import io.uidalloc.contract.NodeAssignments;
import io.uidalloc.service.allocation.Allocation;
import io.uidalloc.service.allocation.AllocationService;
import io.uidalloc.service.security.Caller;
import io.uidalloc.service.security.CallerDirectory;
import io.uidalloc.service.security.Tokens;
import io.uidalloc.service.web.ApiException;
import io.uidalloc.service.web.Names;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The registry of nodes: their credentials, their liveness, what they can do, and their desired state. */
@Service
public class NodeService implements CallerDirectory {

    private static final Logger log = LoggerFactory.getLogger(NodeService.class);

    /** Node tokens start with this, so a leaked one is recognisable. */
    static final String TOKEN_PREFIX = "unt_";

    private static final String SELECT_NODE = """
            select n.*, (select count(*) from allocation a where a.node = n.name
                         and a.state in ('PENDING', 'ACTIVE', 'RELEASING')) as pods_allocated
            from node n
            """;

    private final JdbcTemplate jdbc;
    private final AllocationService allocations;
    private final EventCodec codec;
    private final EventSigner signer;
    private final JsonMapper json;
    private final Clock clock;

    NodeService(
            JdbcTemplate jdbc,
            AllocationService allocations,
            EventCodec codec,
            EventSigner signer,
            JsonMapper json,
            Clock clock) {
        this.jdbc = jdbc;
        this.allocations = allocations;
        this.codec = codec;
        this.signer = signer;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Registers a node and returns its token, which exists only in the answer. A node the service already sent
     * events to (it appears as soon as a pod is allocated to it) can still be registered once.
     */
    @Transactional
    public String register(String name) {
        String problem = Names.dnsSubdomainProblem(name);
        if (problem != null) {
            throw ApiException.invalid("name", problem);
        }
        String token = Tokens.generate(TOKEN_PREFIX);
        int registered = jdbc.update("""
                insert into node (name, token_hash, registered_at) values (?, ?, ?)
                on conflict (name) do update
                    set token_hash = excluded.token_hash, registered_at = excluded.registered_at
                where node.token_hash is null
                """, name, Tokens.hash(token), Timestamp.from(clock.instant()));
        if (registered == 0) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "node-exists",
                    "Node registered",
                    "node '" + name + "' is registered already; rotate its token with POST /api/v1/nodes/" + name
                            + "/token if it was lost");
        }
        log.info("Registered node {}", name);
        return token;
    }

    /** Replaces the node's token; the old one stops working at once. */
    @Transactional
    public String rotateToken(String name) {
        String token = Tokens.generate(TOKEN_PREFIX);
        int updated = jdbc.update(
                "update node set token_hash = ?, registered_at = coalesce(registered_at, ?) where name = ?",
                Tokens.hash(token),
                Timestamp.from(clock.instant()),
                name);
        if (updated == 0) {
            throw ApiException.notFound("node '" + name + "'");
        }
        log.info("Rotated the token of node {}", name);
        return token;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller> findByTokenHash(byte[] tokenHash) {
        return jdbc
                .queryForList("select name from node where token_hash = ?", String.class, (Object) tokenHash)
                .stream()
                .findFirst()
                .map(Caller.Node::new);
    }

    @Transactional(readOnly = true)
    public List<NodeView> list() {
        return jdbc.query(SELECT_NODE + " order by n.name", this::view);
    }

    @Transactional(readOnly = true)
    public NodeView get(String name) {
        return jdbc.query(SELECT_NODE + " where n.name = ?", this::view, name).stream()
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("node '" + name + "'"));
    }

    /**
     * The node's whole desired state and the sequence it corresponds to, read in one snapshot so that the node can
     * drop every event up to that sequence and miss none after it.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public NodeAssignments assignments(String name) {
        long sequence = jdbc.queryForList("select last_sequence from node where name = ?", Long.class, name).stream()
                .findFirst()
                .orElse(0L);
        List<AssignmentEvent> events = allocations.desiredOn(name).stream()
                .map(Allocation::assignedEvent)
                .map(event -> codec.decode(event, AssignmentEvent.class))
                // Signed with the current key, as the relay signs what it publishes: after a key rotation, nodes
                // need not trust the old key for the allocations made before it.
                .map(signer::sign)
                .toList();
        return new NodeAssignments(name, sequence, events);
    }

    /** Records a heartbeat: the node is READY, and its capabilities and holdings are what it says. */
    @Transactional
    public void heartbeat(String name, Heartbeat heartbeat) {
        Instant now = clock.instant();
        String previous =
                jdbc.queryForList("""
                        insert into node (name, state, first_heartbeat_at, last_heartbeat_at) values (?, 'READY', ?, ?)
                        on conflict (name) do update
                            set state = 'READY', last_heartbeat_at = excluded.last_heartbeat_at,
                            first_heartbeat_at = coalesce(node.first_heartbeat_at, excluded.first_heartbeat_at)
                        returning (select state from node where name = ?)
                        """, String.class, name, Timestamp.from(now), Timestamp.from(now), name).stream()
                        .findFirst()
                        .orElse(null);
        jdbc.update(
                """
                update node set applied_sequence = ?, kernel_version = ?, user_namespaces = ?, idmapped_mounts = ?,
                    idmap_support = ?, dry_run = ?, held_pods = ?
                where name = ?
                """,
                heartbeat.appliedSequence(),
                heartbeat.kernelVersion(),
                heartbeat.userNamespaces(),
                heartbeat.idmappedMounts(),
                json.writeValueAsString(heartbeat.idmapSupport()),
                heartbeat.dryRun(),
                heartbeat.heldPods().size(),
                name);
        if ("LOST".equals(previous)) {
            log.info("Node {} is heard from again and READY", name);
        } else if (previous == null || "NEW".equals(previous)) {
            log.info(
                    "Node {} sent its first heartbeat: kernel {}, id-mapped mounts {}{}",
                    name,
                    heartbeat.kernelVersion(),
                    heartbeat.idmappedMounts() ? "supported" : "NOT supported",
                    heartbeat.dryRun() ? ", dry-run mode" : "");
        }
    }

    /** Stores the drift found at a heartbeat; logs only when it changed, so a lasting drift is not repeated. */
    @Transactional
    public void recordDrift(String name, List<NodeView.Drift> drift) {
        String encoded = json.writeValueAsString(drift);
        String before = jdbc.queryForObject("select drift from node where name = ? for update", String.class, name);
        jdbc.update(
                "update node set drift = ?, drift_checked_at = ? where name = ?",
                encoded,
                Timestamp.from(clock.instant()),
                name);
        if (!encoded.equals(before) && !drift.isEmpty()) {
            log.warn("Node {} differs from its allocations: {}", name, drift);
        } else if (!encoded.equals(before) && before != null && !"[]".equals(before)) {
            log.info("Node {} matches its allocations again", name);
        }
    }

    private NodeView view(ResultSet row, int index) throws SQLException {
        String support = row.getString("idmap_support");
        String drift = row.getString("drift");
        return new NodeView(
                row.getString("name"),
                NodeState.valueOf(row.getString("state")),
                row.getBytes("token_hash") != null,
                instant(row, "registered_at"),
                instant(row, "first_heartbeat_at"),
                instant(row, "last_heartbeat_at"),
                row.getString("kernel_version"),
                (Boolean) row.getObject("user_namespaces"),
                (Boolean) row.getObject("idmapped_mounts"),
                support == null ? Map.of() : json.readValue(support, new TypeReference<Map<String, Boolean>>() {}),
                (Boolean) row.getObject("dry_run"),
                row.getLong("last_sequence"),
                (Long) row.getObject("applied_sequence"),
                (Integer) row.getObject("held_pods"),
                row.getLong("pods_allocated"),
                drift == null ? List.of() : json.readValue(drift, new TypeReference<List<NodeView.Drift>>() {}),
                instant(row, "drift_checked_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
