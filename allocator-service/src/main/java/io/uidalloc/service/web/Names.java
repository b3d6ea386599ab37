package io.uidalloc.service.web;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks of the names and identifiers clients send, with messages that quote the value and say what is expected. */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Names() {}

    /** An RFC 1123 label, as Kubernetes requires of namespaces: at most 63 of a-z, 0-9 and '-'. */
    public static String dnsLabelProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            return "must be a DNS label (at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter"
                    + " or digit), got " + quote(value);
        }
        return null;
    }

    /** An RFC 1123 subdomain, as Kubernetes requires of pod and node names: labels joined by dots, at most 253. */
    public static String dnsSubdomainProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            return "must be a DNS subdomain (at most 253 characters of a-z, 0-9, '-' and '.'), got " + quote(value);
        }
        return null;
    }

    public static String uuidProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (!CANONICAL_UUID.matcher(value).matches()) {
            return "must be a UUID such as 3f1d8a52-6c0e-4b7a-9d2f-0c4e5b6a7d81, got " + quote(value);
        }
        return null;
    }

    /** An absolute, normalised path: no '..' or '.' segments, no empty segments, no NUL. */
    public static String absolutePathProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (!value.startsWith("/")) {
            return "must be an absolute path, got " + quote(value);
        }
        if (value.indexOf('\0') >= 0) {
            return "must not contain a NUL character";
        }
        for (String segment : List.of(value.substring(1).split("/", -1))) {
            if (segment.equals("..") || segment.equals(".")) {
                return "must not contain '" + segment + "' segments, got " + quote(value);
            }
        }
        return null;
    }

    public static void requireDnsLabel(String field, String value) {
        String problem = dnsLabelProblem(value);
        if (problem != null) {
            throw ApiException.invalid(field, problem);
        }
    }

    public static UUID requireUuid(String field, String value) {
        String problem = uuidProblem(value);
        if (problem != null) {
            throw ApiException.invalid(field, problem);
        }
        return UUID.fromString(value);
    }

    /** The value in double quotes, cut to 100 characters so an abusive input does not flood a response or a log. */
    public static String quote(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return "\"" + shown.replace("\"", "\\\"") + "\"";
    }
}
