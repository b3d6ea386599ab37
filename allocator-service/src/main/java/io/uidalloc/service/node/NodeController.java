package io.uidalloc.service.node;

import io.uidalloc.contract.EventCodec;
import io.uidalloc.service.security.Caller;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Nodes over REST: the admin registers and inspects them; a node's own token reaches its desired state. */
@RestController
@RequestMapping("/api/v1/nodes")
class NodeController {

    private final NodeService nodes;
    private final EventCodec codec;

    NodeController(NodeService nodes, EventCodec codec) {
        this.nodes = nodes;
        this.codec = codec;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RegisteredNode register(@RequestBody(required = false) NodeRequest request, Caller caller) {
        caller.requireAdmin();
        String name = request == null ? null : request.name();
        return new RegisteredNode(name, nodes.register(name));
    }

    @PostMapping("/{name}/token")
    RegisteredNode rotateToken(@PathVariable String name, Caller caller) {
        caller.requireAdmin();
        return new RegisteredNode(name, nodes.rotateToken(name));
    }

    @GetMapping
    List<NodeView> list(Caller caller) {
        caller.requireAdmin();
        return nodes.list();
    }

    @GetMapping("/{name}")
    NodeView get(@PathVariable String name, Caller caller) {
        caller.requireAdmin();
        return nodes.get(name);
    }

    /**
     * The node's desired state, in the event contract's own JSON so the node client verifies each event's signature
     * over exactly the bytes it was signed as.
     */
    @GetMapping("/{name}/assignments")
    ResponseEntity<String> assignments(@PathVariable String name, Caller caller) {
        caller.requireNode(name);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(codec.encodeToString(nodes.assignments(name)));
    }

    record NodeRequest(String name) {}

    /** A node just registered, or whose token was rotated, with the only copy of its token. */
    record RegisteredNode(String name, String token) {}
}
