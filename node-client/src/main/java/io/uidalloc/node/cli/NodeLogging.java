package io.uidalloc.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends every log line of the process to standard error, one line per record, each with the node's name: the agent's
 * own lines and the kernel layer's (System.Logger, whose default backend is java.util.logging) as well as the Kafka
 * clients' (SLF4J, routed to java.util.logging by {@code slf4j-jdk14}). One backend means one format and one place to
 * set levels, without a logging framework in a process that should stay small.
 */
final class NodeLogging {

    /** Kafka's clients log their whole configuration at INFO; the agent says what matters itself. */
    private static final String KAFKA = "org.apache.kafka";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** java.util.logging holds loggers weakly; a configured level is lost with the logger unless it is kept here. */
    private static final List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private NodeLogging() {}

    /**
     * Makes java.util.logging use {@link RetainingLogManager}; must run before anything logs, which is why
     * {@link Main} calls it from its static initialiser.
     */
    static void retainAcrossShutdown() {
        System.setProperty("java.util.logging.manager", RetainingLogManager.class.getName());
    }

    /** Formats every line with {@code node} and lets through {@code level} and above. */
    static void install(String node, Level level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler handler = new FlushingStderrHandler(new LineFormatter(node));
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(level);
        Logger kafka = Logger.getLogger(KAFKA);
        kafka.setLevel(level.intValue() < Level.WARNING.intValue() ? Level.WARNING : level);
        CONFIGURED.add(root);
        CONFIGURED.add(kafka);
    }

    /** Parses a level as operators write it. */
    static Level level(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "ERROR" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN ";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO ";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /** {@code 2025-01-31T12:00:00.000Z INFO  node=worker-1 NodeAgent: message}, then the stack trace if any. */
    private static final class LineFormatter extends Formatter {
        private final String node;

        LineFormatter(String node) {
            this.node = node;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ')
                    .append(levelName(record.getLevel()))
                    .append(" node=")
                    .append(node)
                    .append(' ')
                    .append(shortName(record.getLoggerName()))
                    .append(": ")
                    .append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String shortName(String loggerName) {
            if (loggerName == null) {
                return "-";
            }
            return loggerName.substring(loggerName.lastIndexOf('.') + 1);
        }
    }

    /** Writes to standard error and flushes each record, so that nothing waits in a buffer when the process dies. */
    private static final class FlushingStderrHandler extends StreamHandler {
        FlushingStderrHandler(Formatter formatter) {
            super(System.err, formatter);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            // Standard error is not ours to close; just flush.
            flush();
        }
    }

    /**
     * A LogManager that ignores {@link #reset()}. The JDK's LogManager resets itself (removing every handler) in its
     * own shutdown hook, which runs at the same time as the agent's; without this, the agent's lines about stopping
     * (and revoking on exit) would be lost. Public only because java.util.logging instantiates it by name.
     */
    public static final class RetainingLogManager extends LogManager {

        /** Called by java.util.logging. */
        public RetainingLogManager() {}

        @Override
        public void reset() {
            // Intentionally empty: handlers are configured once by install() and stay until the process ends.
        }
    }
}
