package io.uidalloc.service.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** The name the local machine has as a node of the local run. */
final class LocalNode {

    private LocalNode() {}

    static String name() {
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            String cleaned = host.replaceAll("[^a-z0-9.-]", "-").replaceAll("^[-.]+|[-.]+$", "");
            return cleaned.isEmpty() ? "local-node" : cleaned;
        } catch (UnknownHostException e) {
            return "local-node";
        }
    }
}
