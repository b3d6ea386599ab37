package io.uidalloc.service.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test data: valid request bodies that a test changes field by field. */
public final class Requests {

    private Requests() {}

    /** A valid allocation request for a pod with one volume; the map is mutable. */
    public static Map<String, Object> allocation(String podUid) {
        Map<String, Object> request = new HashMap<>();
        request.put("podUid", podUid);
        request.put("namespace", "shop");
        request.put("podName", "web-0");
        request.put("node", "node-a");
        request.put("hostNetwork", false);
        request.put("hostPID", false);
        request.put("hostIPC", false);
        request.put(
                "volumes",
                List.of(Map.of("name", "data", "hostPath", "/srv/data", "containerPath", "/data", "readOnly", false)));
        return request;
    }
}
