package io.uidalloc.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one node acting as broker and controller) in a child JVM, from Kafka's own jars on the
 * test class path. Unlike an in-process broker it keeps its port and its data across {@link #stop()} and {@link
 * #start()}, which is what a broker outage test needs.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static KafkaBroker shared;

    private final Path directory;
    private final Path properties;
    private final int port;
    private Process process;

    private KafkaBroker(Path directory, int port, Path properties) {
        this.directory = directory;
        this.port = port;
        this.properties = properties;
    }

    /** One broker for the whole test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = create();
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-stop"));
        }
        return shared;
    }

    /** A new, formatted broker that is not started yet. */
    public static KafkaBroker create() {
        try {
            Path directory = Files.createTempDirectory("uidalloc-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            Path properties = directory.resolve("server.properties");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            List.of(
                                    "process.roles=broker,controller",
                                    "node.id=1",
                                    "controller.quorum.voters=1@localhost:" + controllerPort,
                                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:"
                                            + controllerPort,
                                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                                    "controller.listener.names=CONTROLLER",
                                    "inter.broker.listener.name=PLAINTEXT",
                                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                    "log.dirs=" + directory.resolve("data"),
                                    "offsets.topic.replication.factor=1",
                                    "transaction.state.log.replication.factor=1",
                                    "transaction.state.log.min.isr=1",
                                    "share.coordinator.state.topic.replication.factor=1",
                                    "group.initial.rebalance.delay.ms=0",
                                    "num.partitions=4",
                                    "")));
            KafkaBroker broker = new KafkaBroker(directory, port, properties);
            broker.run(
                            "kafka.tools.StorageTool",
                            List.of("format", "-t", randomClusterId(), "-c", properties.toString()),
                            "format")
                    .waitFor(60, TimeUnit.SECONDS);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Kafka broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka broker's storage", e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts the broker and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Instant begin = Instant.now();
        process = run("kafka.Kafka", List.of(properties.toString()), "broker");
        awaitReady(Duration.ofSeconds(90));
        log.info(
                "Kafka broker at {} ready in {} ms",
                bootstrapServers(),
                Duration.between(begin, Instant.now()).toMillis());
    }

    /** Kills the broker at once, as a crash or a network cut would; its data stays for the next start. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        stop();
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete the Kafka broker's directory {}: {}", directory, e.getMessage());
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> settings = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(settings)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see "
                            + directory.resolve("broker.log"));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(
                "the Kafka broker did not answer within " + timeout + "; see " + directory.resolve("broker.log"));
    }

    private Process run(String mainClass, List<String> arguments, String logName) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(arguments);
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            directory.resolve(logName + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The broker's own output, for a failing test's report. */
    public String log() {
        try {
            return Files.readString(directory.resolve("broker.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no broker log: " + e.getMessage() + ")";
        }
    }
}
