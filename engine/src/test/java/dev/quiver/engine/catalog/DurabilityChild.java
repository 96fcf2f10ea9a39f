package dev.quiver.engine.catalog;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashDurabilityTest}. {@code insert PATH}: inserts rows, prints
 * "committed" and waits to be killed (never closing the database). {@code open PATH}: tries to open
 * a database another process holds and prints the error.
 */
public final class DurabilityChild {
    private DurabilityChild() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        QuiverConfig config = QuiverConfig.defaults().withThreads(1).withInterpreters(1);
        switch (args[0]) {
            case "insert" -> {
                Quiver database = Quiver.open(path, config);
                Session session = database.newSession();
                session.execute("CREATE TABLE survivors (n BIGINT, label VARCHAR)")
                        .close();
                session.execute("INSERT INTO survivors SELECT range, 'row ' || CAST(range AS VARCHAR) FROM range(1000)")
                        .close();
                session.execute("INSERT INTO survivors VALUES (1000, 'last')").close();
                session.execute("CREATE FUNCTION shout(s VARCHAR) RETURNS VARCHAR LANGUAGE PYTHON IMMUTABLE"
                                + " AS $$ return s.upper() + '!' $$")
                        .close();
                session.execute("CREATE FUNCTION doomed(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS 'return x'")
                        .close();
                session.execute("DROP FUNCTION doomed").close();
                System.out.println("committed");
                System.out.flush();
                if (args.length > 2 && args[2].equals("halt")) {
                    Runtime.getRuntime().halt(137); // no shutdown hooks, no close: like kill -9
                }
                Thread.sleep(Long.MAX_VALUE); // the parent kills us
            }
            case "open" -> {
                try (Quiver database = Quiver.open(path, config)) {
                    System.out.println("opened?!");
                } catch (QuiverException e) {
                    System.out.println(e.code() + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
