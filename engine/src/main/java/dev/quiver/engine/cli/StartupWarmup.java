package dev.quiver.engine.cli;

import dev.quiver.engine.exec.memory.MallocAllocationManager;
import dev.quiver.engine.function.FunctionRegistry;
import dev.quiver.engine.plan.PlanningPhases;
import dev.quiver.engine.plan.QueryPlanner;
import dev.quiver.engine.plan.metadata.PrecompiledMetadataHandlers;
import dev.quiver.engine.sql.CalciteDefaults;
import dev.quiver.engine.sql.SqlParsing;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Prepares the planner on two more threads while the main thread parses the command line and opens
 * the database: one initializes the static state of the parser and the planner (its rules, Calcite's
 * default parser, the built-in operator table), the other Arrow's allocator (netty's pools and
 * logger probes; Quiver makes its allocator only when the first statement runs) and the metadata
 * machinery every plan asks for (Calcite's metadata query, whose class generates a dynamic proxy
 * for each of ~27 kinds of metadata, and the build's precompiled handlers), which depends on none of
 * the first. The AOT cache holds these classes loaded and linked but not initialized, and it cannot
 * hold generated classes, so a first statement otherwise pays for all of it on the main thread. Initialization is idempotent and class initialization is serialized by
 * the JVM: if the main thread gets there first it waits or does the work itself, and the result is
 * the same. Failures are ignored (the main thread meets them again where they can be reported).
 *
 * <p>With {@code --db} a third thread prepares what opening a database file needs first: the JDBC
 * drivers (DuckDB's driver registers a JFR periodic event in its static initializer, which starts
 * the JDK's flight recorder support: about a fifth of the main thread of {@code sql --db F -c
 * "SELECT 1"}) and Arrow's {@code Schema}, whose first use builds a Jackson mapper (another tenth),
 * while the main thread sets up the configuration.
 */
final class StartupWarmup {
    private StartupWarmup() {}

    private static final String NETTY_LOGGING = "io.netty.util.internal.logging.";

    /**
     * In the order the first statement needs them. PlanningPhases reads CPU time through a
     * ThreadMXBean: its first use starts the JDK's management support (native libraries, platform
     * beans), which each planner's construction otherwise paid on the main thread.
     */
    private static final List<Class<?>> PLANNER_CLASSES =
            List.of(SqlParsing.class, FunctionRegistry.class, QueryPlanner.class, PlanningPhases.class);

    /** Starts the warm-up for the command line {@code args} on daemon threads (they never delay the exit). */
    static void start(String[] args) {
        quietNettyLogging();
        Thread.ofPlatform().name("quiver-warmup").daemon(true).start(() -> run(StartupWarmup::planner));
        Thread.ofPlatform().name("quiver-warmup-runtime").daemon(true).start(() -> run(StartupWarmup::runtime));
        if (opensDatabaseFile(args)) {
            Thread.ofPlatform().name("quiver-warmup-storage").daemon(true).start(() -> run(StartupWarmup::storage));
        }
    }

    /** Whether the command opens a database file ({@code --db PATH} or {@code --db=PATH}). */
    static boolean opensDatabaseFile(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--db") || arg.startsWith("--db="));
    }

    private interface Step {
        void run() throws ReflectiveOperationException;
    }

    private static void run(Step step) {
        try {
            CalciteDefaults.install(); // before any Calcite class reads its defaults
            step.run();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // only a head start: the main thread does the same work when it needs it
        }
    }

    private static void planner() throws ClassNotFoundException {
        initialize(PLANNER_CLASSES);
    }

    private static void runtime() {
        // Quiver makes its allocator when the first statement runs, long after this is done
        MallocAllocationManager.newRootAllocator().close();
        PrecompiledMetadataHandlers.newQuery(); // makes the dispatchers and Calcite's handlers
    }

    /**
     * Gives netty (under Arrow's allocator) slf4j's logger, which the launcher names
     * ({@code -Dslf4j.provider}: slf4j-nop, as every module has). Left alone, netty rejects a
     * no-op slf4j and probes for Log4j 2 and Log4j (class lookups that miss the start-up cache, each
     * a search of the class path) before it settles on java.util.logging, whose set-up it then pays.
     */
    private static void quietNettyLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            return;
        }
        // by reflection: netty comes with Arrow's allocator at run time, Quiver does not compile against it
        try {
            Class<?> factory = Class.forName(NETTY_LOGGING + "InternalLoggerFactory");
            Object slf4j = Class.forName(NETTY_LOGGING + "Slf4JLoggerFactory") // without netty's no-op check
                    .getField("INSTANCE")
                    .get(null);
            factory.getMethod("setDefaultFactory", factory).invoke(null, slf4j);
        } catch (ReflectiveOperationException | LinkageError e) {
            // netty logs as it chooses: slower to start, nothing else
        }
    }

    private static void storage() throws ClassNotFoundException {
        DriverManager.getDrivers(); // loads and initializes every JDBC driver on the class path
        initialize(List.of(Schema.class));
    }

    private static void initialize(List<Class<?>> classes) throws ClassNotFoundException {
        ClassLoader loader = StartupWarmup.class.getClassLoader();
        for (Class<?> type : classes) {
            Class.forName(type.getName(), true, loader);
        }
    }
}
