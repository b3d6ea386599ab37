package io.uidalloc.node.cli;

import io.uidalloc.contract.SigningKeys;
import io.uidalloc.contract.Topics;
import io.uidalloc.node.IdRange;
import io.uidalloc.node.agent.AgentSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's options, from (highest precedence first) the command line, {@code UIDALLOC_NODE_*} environment
 * variables, a properties file named by {@code --config}, and the defaults. Every option has all three spellings:
 * {@code --token-file PATH}, {@code UIDALLOC_NODE_TOKEN_FILE=PATH}, {@code token-file=PATH}; options given more than
 * once on the command line ({@code --public-key}, {@code --allowed-root}) are comma-separated elsewhere.
 */
final class Options {

    /** One option: its name, whether it takes a value, whether it repeats, its default and its meaning. */
    enum Option {
        CONFIG("config", Kind.VALUE, null, "properties file with any of these options (keys without the dashes)"),
        NODE("node", Kind.VALUE, null, "this node's name as Kubernetes knows it"),
        SERVICE("service", Kind.VALUE, null, "base URL of the allocator service, for the resync"),
        TOKEN_FILE("token-file", Kind.VALUE, null, "file holding the node's bearer token for the service"),
        BOOTSTRAP_SERVERS("bootstrap-servers", Kind.VALUE, null, "Kafka brokers, host:port[,host:port]"),
        PUBLIC_KEY(
                "public-key",
                Kind.REPEATED,
                null,
                "the service's Ed25519 public key, base64 X.509; repeat during" + " a key rotation"),
        POOL_FIRST("pool-first", Kind.VALUE, null, "first host ID of the pool pods may get on this node"),
        POOL_END("pool-end", Kind.VALUE, null, "first host ID after that pool"),
        ALLOWED_ROOT("allowed-root", Kind.REPEATED, null, "directory under which pod volumes may live; repeatable"),
        MOUNT_ROOT("mount-root", Kind.VALUE, "/var/lib/uidalloc/mounts", "where pods' id-mapped volumes are mounted"),
        STATE_DIR(
                "state-dir",
                Kind.VALUE,
                "/var/lib/uidalloc/state",
                "pinned namespaces, runtime-spec fragments," + " progress.json"),
        TOPIC("topic", Kind.VALUE, Topics.ASSIGNMENTS, "topic of the assignment events"),
        REPORTS_TOPIC("reports-topic", Kind.VALUE, Topics.NODE_REPORTS, "topic of the node's reports"),
        HEARTBEAT_INTERVAL("heartbeat-interval", Kind.VALUE, "10s", "time between heartbeats"),
        GAP_TIMEOUT("gap-timeout", Kind.VALUE, "3s", "how long to wait for a missing sequence before resyncing"),
        KAFKA_CONFIG("kafka-config", Kind.VALUE, null, "properties file of extra Kafka client settings (TLS, SASL)"),
        LOG_LEVEL("log-level", Kind.VALUE, "INFO", "ERROR, WARN, INFO, DEBUG or TRACE"),
        DRY_RUN("dry-run", Kind.FLAG, "false", "log what would be done, change nothing, report no APPLIED"),
        REVOKE_ALL_ON_EXIT(
                "revoke-all-on-exit",
                Kind.FLAG,
                "false",
                "revoke every pod when the agent stops (for" + " local development)");

        final String name;
        final Kind kind;
        final String defaultValue;
        final String meaning;

        Option(String name, Kind kind, String defaultValue, String meaning) {
            this.name = name;
            this.kind = kind;
            this.defaultValue = defaultValue;
            this.meaning = meaning;
        }

        /** {@code UIDALLOC_NODE_TOKEN_FILE} for {@code token-file}. */
        String environmentVariable() {
            return "UIDALLOC_NODE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        static Option named(String name) {
            return Arrays.stream(values())
                    .filter(option -> option.name.equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    enum Kind {
        VALUE,
        REPEATED,
        FLAG
    }

    /** The parsed configuration. */
    record Parsed(AgentSettings settings, Level logLevel) {}

    /** A raw value and where it came from, for error messages. */
    private record Value(String text, String source) {}

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final long BLOCK = 65536;
    private static final long ID_SPACE = 1L << 32;

    private final Map<Option, List<Value>> values = new LinkedHashMap<>();

    private Options() {}

    /**
     * Reads the options.
     *
     * @param args the command line, without a subcommand
     * @param environment the process environment
     * @throws OptionException for the first value that cannot be used
     */
    static Parsed parse(List<String> args, Map<String, String> environment) {
        Options options = new Options();
        Map<Option, List<Value>> commandLine = commandLine(args);
        Value config = first(commandLine.get(Option.CONFIG));
        if (config == null && environment.containsKey(Option.CONFIG.environmentVariable())) {
            config = new Value(
                    environment.get(Option.CONFIG.environmentVariable()), Option.CONFIG.environmentVariable());
        }
        Map<Option, List<Value>> file = config == null ? Map.of() : configFile(config);
        for (Option option : Option.values()) {
            List<Value> chosen = commandLine.get(option);
            if (chosen == null) {
                chosen = fromText(option, environment.get(option.environmentVariable()), option.environmentVariable());
            }
            if (chosen == null) {
                chosen = file.get(option);
            }
            if (chosen == null && option.defaultValue != null) {
                chosen = List.of(new Value(option.defaultValue, "the default"));
            }
            if (chosen != null) {
                options.values.put(option, chosen);
            }
        }
        return options.build();
    }

    private static Map<Option, List<Value>> commandLine(List<String> args) {
        Map<Option, List<Value>> found = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new OptionException("unexpected argument \"" + arg + "\"; options start with --, see --help");
            }
            String name = arg.substring(2);
            String inline = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inline = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            Option option = Option.named(name);
            if (option == null) {
                throw new OptionException("unknown option --" + name + "; run with --help for the list");
            }
            String text;
            if (inline != null) {
                text = inline;
            } else if (option.kind == Kind.FLAG) {
                text = "true";
            } else if (i + 1 < args.size()) {
                text = args.get(++i);
            } else {
                throw new OptionException("--" + name + " needs a value: " + option.meaning);
            }
            List<Value> list = found.computeIfAbsent(option, unused -> new ArrayList<>());
            if (option.kind != Kind.REPEATED && !list.isEmpty()) {
                throw new OptionException("--" + name + " is given twice (\""
                        + list.get(0).text() + "\" and \"" + text + "\"); give it once");
            }
            list.add(new Value(text, "--" + name));
        }
        return found;
    }

    private static Map<Option, List<Value>> configFile(Value config) {
        Path path = path(Option.CONFIG, config);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new OptionException(
                    describe(Option.CONFIG, config) + " cannot be read (" + e + "); give a readable properties file");
        }
        Map<Option, List<Value>> found = new LinkedHashMap<>();
        for (String key : new TreeMap<>(properties)
                .keySet().stream().map(Object::toString).toList()) {
            Option option = Option.named(key);
            if (option == null || option == Option.CONFIG) {
                throw new OptionException("unknown key \"" + key + "\" in " + path
                        + "; keys are the option names without dashes, e.g. token-file");
            }
            found.put(option, fromText(option, properties.getProperty(key), path + " key " + key));
        }
        return found;
    }

    private static List<Value> fromText(Option option, String text, String source) {
        if (text == null) {
            return null;
        }
        if (option.kind != Kind.REPEATED) {
            return List.of(new Value(text, source));
        }
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(part -> !part.isEmpty())
                .map(part -> new Value(part, source))
                .toList();
    }

    private static Value first(List<Value> list) {
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private Parsed build() {
        String node = required(Option.NODE).text();
        if (!NODE_NAME.matcher(node).matches()) {
            throw invalid(Option.NODE, required(Option.NODE), "give the Kubernetes node name (lower-case DNS name)");
        }
        long poolFirst = number(Option.POOL_FIRST);
        long poolEnd = number(Option.POOL_END);
        IdRange pool = pool(poolFirst, poolEnd);

        AgentSettings settings = new AgentSettings(
                node,
                serviceUrl(),
                tokenFile(),
                bootstrapServers(),
                publicKeys(),
                pool,
                allowedRoots(),
                absolutePath(Option.MOUNT_ROOT),
                absolutePath(Option.STATE_DIR),
                text(Option.TOPIC),
                text(Option.REPORTS_TOPIC),
                duration(Option.HEARTBEAT_INTERVAL),
                duration(Option.GAP_TIMEOUT),
                flag(Option.DRY_RUN),
                flag(Option.REVOKE_ALL_ON_EXIT),
                kafkaProperties());
        return new Parsed(settings, logLevel());
    }

    private Value required(Option option) {
        Value value = first(values.get(option));
        if (value == null || value.text().isBlank()) {
            throw new OptionException("--" + option.name + " is required (" + option.meaning + "); give it on the"
                    + " command line, as " + option.environmentVariable() + " or in the --config file");
        }
        return value;
    }

    private String text(Option option) {
        return required(option).text().strip();
    }

    private long number(Option option) {
        Value value = required(option);
        try {
            return Long.parseLong(value.text().strip());
        } catch (NumberFormatException e) {
            throw invalid(option, value, "give a whole number of host IDs, e.g. 65536");
        }
    }

    private IdRange pool(long first, long end) {
        Value firstValue = required(Option.POOL_FIRST);
        Value endValue = required(Option.POOL_END);
        if (first < BLOCK || first % BLOCK != 0) {
            throw invalid(
                    Option.POOL_FIRST,
                    firstValue,
                    "give a multiple of 65536 of at least 65536 (block 0 holds the" + " host's own users)");
        }
        if (end <= first || end > ID_SPACE || end % BLOCK != 0) {
            throw invalid(
                    Option.POOL_END,
                    endValue,
                    "give a multiple of 65536 above --pool-first " + first + " and at most 4294967296");
        }
        return new IdRange(first, end - first);
    }

    private URI serviceUrl() {
        Value value = required(Option.SERVICE);
        try {
            URI uri = new URI(value.text().strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(Option.SERVICE, value, "give the service's http(s) base URL, e.g. https://uidalloc:8443");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(Option.SERVICE, value, "give the service's http(s) base URL (" + e.getReason() + ")");
        }
    }

    private Path tokenFile() {
        Value value = required(Option.TOKEN_FILE);
        Path path = path(Option.TOKEN_FILE, value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw invalid(Option.TOKEN_FILE, value, "give a readable file holding the node's bearer token");
        }
        return path;
    }

    private String bootstrapServers() {
        Value value = required(Option.BOOTSTRAP_SERVERS);
        for (String server : value.text().split(",")) {
            if (!server.strip().matches("[^:\\s]+:\\d{1,5}")) {
                throw invalid(Option.BOOTSTRAP_SERVERS, value, "give host:port[,host:port...]");
            }
        }
        return value.text().strip();
    }

    private List<String> publicKeys() {
        required(Option.PUBLIC_KEY);
        List<String> keys = new ArrayList<>();
        for (Value value : values.get(Option.PUBLIC_KEY)) {
            try {
                SigningKeys.decodePublicKey(value.text());
            } catch (IllegalArgumentException e) {
                throw new OptionException(value.source() + ": " + e.getMessage()
                        + "; give the service's public key as printed by its key generation (base64 X.509)");
            }
            keys.add(value.text().strip());
        }
        return keys;
    }

    private List<Path> allowedRoots() {
        required(Option.ALLOWED_ROOT);
        List<Path> roots = new ArrayList<>();
        for (Value value : values.get(Option.ALLOWED_ROOT)) {
            Path root = path(Option.ALLOWED_ROOT, value);
            if (!root.isAbsolute() || !Files.isDirectory(root)) {
                throw invalid(Option.ALLOWED_ROOT, value, "give an existing directory by its absolute path");
            }
            roots.add(root);
        }
        return roots;
    }

    private Path absolutePath(Option option) {
        Value value = required(option);
        Path path = path(option, value);
        if (!path.isAbsolute()) {
            throw invalid(option, value, "give an absolute path");
        }
        return path;
    }

    private static Path path(Option option, Value value) {
        try {
            return Path.of(value.text().strip());
        } catch (InvalidPathException e) {
            throw invalid(option, value, "give a path (" + e.getReason() + ")");
        }
    }

    private Duration duration(Option option) {
        Value value = required(option);
        Matcher matcher = DURATION.matcher(value.text().strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw invalid(option, value, "give a positive duration such as 500ms, 10s, 2m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private boolean flag(Option option) {
        Value value = required(option);
        return switch (value.text().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(option, value, "give true or false");
        };
    }

    private Map<String, String> kafkaProperties() {
        Value value = first(values.get(Option.KAFKA_CONFIG));
        if (value == null) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path(Option.KAFKA_CONFIG, value), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw invalid(Option.KAFKA_CONFIG, value, "give a readable properties file (" + e + ")");
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private Level logLevel() {
        Value value = required(Option.LOG_LEVEL);
        try {
            return NodeLogging.level(value.text().strip());
        } catch (IllegalArgumentException e) {
            throw invalid(Option.LOG_LEVEL, value, "give ERROR, WARN, INFO, DEBUG or TRACE");
        }
    }

    private static OptionException invalid(Option option, Value value, String action) {
        return new OptionException(describe(option, value) + " is not usable; " + action);
    }

    private static String describe(Option option, Value value) {
        String from = value.source().equals("--" + option.name) ? "" : " (from " + value.source() + ")";
        return "--" + option.name + from + " \"" + value.text() + "\"";
    }

    /** The option list for {@code --help}. */
    static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar node-client.jar [features] [options]\n\n"
                + "  features                 print what this kernel supports, as JSON, and exit\n\n");
        for (Option option : Option.values()) {
            String name = "--" + option.name + (option.kind == Kind.FLAG ? "" : " VALUE");
            usage.append(String.format(Locale.ROOT, "  %-26s %s", name, option.meaning));
            if (option.defaultValue != null && option.kind != Kind.FLAG) {
                usage.append(" (default ").append(option.defaultValue).append(')');
            }
            usage.append("\n  ")
                    .append(" ".repeat(27))
                    .append(option.environmentVariable())
                    .append('\n');
        }
        return usage.toString();
    }
}
