package io.uidalloc.node.cli;

import io.uidalloc.node.agent.AgentSettings;
import io.uidalloc.node.agent.NodeAgent;
import io.uidalloc.node.agent.NodeAgent.AgentException;
import io.uidalloc.node.features.FeatureProbe;
import io.uidalloc.node.features.Features;
import io.uidalloc.node.kernel.FileSystems;
import io.uidalloc.node.kernel.UserNamespaces;
import io.uidalloc.node.pod.PodApplier;
import io.uidalloc.node.pod.PodLayout;
import io.uidalloc.node.safety.SafetyRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs the node agent: {@code java -jar node-client.jar --node NAME --service URL ...}, or
 * {@code java -jar node-client.jar features} to print what the kernel supports. Exit status: 0 after a stop by signal,
 * 1 when the agent cannot start or fails, 2 for a configuration error.
 */
public final class Main {

    static {
        // Before the first logger exists, or the JDK's own shutdown hook would drop the agent's last lines.
        NodeLogging.retainAcrossShutdown();
    }

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private static final int FAILED = 1;
    private static final int BAD_CONFIGURATION = 2;

    private Main() {}

    /**
     * Starts the agent, or runs a subcommand.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // The usage, the features JSON and a bad option are the command's own output, written before any logging is
        // set up, for a person or a script to read; everything the running agent says goes through the logger.
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(Options.usage());
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("features")) {
            System.out.println(new FeatureProbe(Path.of(System.getProperty("java.io.tmpdir")), new UserNamespaces())
                    .probe()
                    .toJson());
            return;
        }

        Options.Parsed parsed;
        try {
            parsed = Options.parse(arguments, System.getenv());
        } catch (OptionException e) {
            System.err.println("uidalloc-node: " + e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        }
        NodeLogging.install(parsed.settings().node(), parsed.logLevel());
        System.exit(run(parsed.settings()));
    }

    private static int run(AgentSettings settings) {
        NodeAgent agent;
        try {
            agent = start(settings);
        } catch (CannotApplyException e) {
            LOG.log(Level.ERROR, e.getMessage());
            return FAILED;
        }
        Thread hook = new Thread(agent::close, "uidalloc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Optional<Throwable> failure = agent.awaitTermination();
            return failure.isPresent() ? FAILED : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /**
     * Probes the kernel and starts an agent in this process: the command line's way, and the local development run's
     * (which runs the agent beside the service).
     *
     * @return the running agent; closing it stops it
     * @throws CannotApplyException if the kernel cannot do the work and the settings do not ask for a dry run
     * @throws AgentException if the agent cannot start, for example when the service cannot be reached
     */
    public static NodeAgent start(AgentSettings settings) {
        createStateDir(settings.stateDir());
        Features features = new FeatureProbe(settings.stateDir(), new UserNamespaces()).probe();
        Optional<String> missing = missingCapability(features);
        if (missing.isPresent() && !settings.dryRun()) {
            throw new CannotApplyException(
                    "refusing to start: " + missing.get() + "; run as root on Linux 6.3 or later, or add --dry-run");
        }
        missing.ifPresent(reason -> LOG.log(Level.WARNING, "dry run on a node that could not apply pods: {0}", reason));

        PodApplier applier = settings.dryRun() ? null : applier(settings);
        NodeAgent agent = new NodeAgent(settings, features, applier, Clock.systemUTC());
        try {
            agent.start();
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    /**
     * Why this process cannot apply pods, or empty if it can: the capability and both kernel features are probed,
     * not assumed.
     */
    public static Optional<String> cannotApply() {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
        return missingCapability(new FeatureProbe(scratch, new UserNamespaces()).probe());
    }

    /** The kernel cannot do the agent's work here, and no dry run was asked for. */
    public static final class CannotApplyException extends RuntimeException {

        CannotApplyException(String message) {
            super(message);
        }
    }

    private static Optional<String> missingCapability(Features features) {
        if (!features.capSysAdmin()) {
            return Optional.of("this process lacks CAP_SYS_ADMIN, which user namespaces and id-mapped mounts need");
        }
        if (!features.userNamespaces().enabled()) {
            return Optional.of("cannot create user namespaces: "
                    + features.userNamespaces().detail());
        }
        if (!features.idmappedMounts().enabled()) {
            return Optional.of("id-mapped mounts do not work on kernel " + features.kernelRelease() + ": "
                    + features.idmappedMounts().detail());
        }
        return Optional.empty();
    }

    private static PodApplier applier(AgentSettings settings) {
        PodLayout layout = PodLayout.create(settings.mountRoot(), settings.stateDir());
        SafetyRules rules = new SafetyRules(settings.pool(), settings.allowedRoots());
        return new PodApplier(layout, rules, new UserNamespaces(), new FileSystems());
    }

    private static void createStateDir(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create --state-dir " + stateDir, e);
        }
    }
}
