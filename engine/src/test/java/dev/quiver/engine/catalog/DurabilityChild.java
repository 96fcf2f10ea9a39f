package dev.quiver.engine.catalog;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.QuiverException;
import java.nio.file.Path;
import java.util.List;

/**
 * The child JVM of {@link CrashDurabilityTest}. {@code insert PATH}: inserts rows, prints
 * "committed" and waits to be killed (never closing the database). {@code transactions PATH}: commits
 * UPDATE, DELETE and TRUNCATE statements and a multi-statement transaction, leaves another
 * transaction open (uncommitted), prints "committed" and waits to be killed. {@code catalog PATH}:
 * a schema, a sequence feeding a table's DEFAULT and a TEMP table; prints "committed" and the last
 * value nextval handed out, and waits to be killed. {@code open PATH}: tries
 * to open a database another process holds and prints the error.
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
                session.execute("CREATE TABLE nested_survivors (l INTEGER[], s STRUCT(a VARCHAR, u UUID[]),"
                                + " m MAP(VARCHAR, TIMESTAMPTZ), h HUGEINT, t TIME)")
                        .close();
                session.execute("INSERT INTO nested_survivors VALUES ([1, NULL], {'a': 'x',"
                                + " 'u': ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID]},"
                                + " MAP {'k': TIMESTAMPTZ '2024-01-02 03:04:05+00'}, 170141183460469231731687303715884105,"
                                + " TIME '12:34:56'), (NULL, NULL, NULL, NULL, NULL)")
                        .close();
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
            case "transactions" -> {
                Quiver database = Quiver.open(path, config);
                Session session = database.newSession();
                for (String sql : List.of(
                        "CREATE TABLE accounts (id INTEGER NOT NULL, balance BIGINT NOT NULL)",
                        "INSERT INTO accounts SELECT range, 100 FROM range(10)",
                        "CREATE TABLE scratch (n INTEGER)",
                        "INSERT INTO scratch VALUES (1), (2)",
                        "CREATE TABLE keyed (id INTEGER PRIMARY KEY, v INTEGER CHECK (v > 0))",
                        "INSERT INTO keyed VALUES (1, 1)",
                        "TRUNCATE scratch",
                        "DELETE FROM accounts WHERE id = 9", // auto-commit: 9 accounts, 900 in all
                        "UPDATE accounts SET balance = balance + 100 WHERE id = 8", // 1000
                        // one transaction: a transfer, a new account, a deletion — all or nothing
                        "BEGIN",
                        "UPDATE accounts SET balance = balance - 30 WHERE id = 0",
                        "UPDATE accounts SET balance = balance + 30 WHERE id = 1",
                        "INSERT INTO accounts VALUES (20, 5)",
                        "DELETE FROM accounts WHERE id = 2",
                        "INSERT INTO scratch VALUES (3)",
                        "COMMIT")) { // 9 accounts, 905 in all; scratch holds 3
                    session.execute(sql).close();
                }
                Session uncommitted = database.newSession();
                uncommitted.execute("BEGIN").close();
                uncommitted.execute("DELETE FROM accounts").close();
                uncommitted.execute("INSERT INTO scratch VALUES (4)").close();
                System.out.println("committed");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE); // the parent kills us
            }
            case "alter" -> {
                Quiver database = Quiver.open(path, config);
                Session session = database.newSession();
                for (String sql : List.of(
                        "CREATE TABLE kv (k INTEGER PRIMARY KEY, v VARCHAR DEFAULT 'new', n INTEGER)",
                        "INSERT INTO kv (k, n) VALUES (1, 10), (2, 20)",
                        "ALTER TABLE kv ADD COLUMN w INTEGER DEFAULT 7",
                        "ALTER TABLE kv RENAME COLUMN n TO amount",
                        "ALTER TABLE kv ALTER COLUMN amount SET DATA TYPE BIGINT",
                        "INSERT INTO kv (k, amount) VALUES (1, 5), (3, 30) ON CONFLICT (k) DO UPDATE SET"
                                + " amount = kv.amount + excluded.amount",
                        "INSERT OR REPLACE INTO kv VALUES (2, 'replaced', 200, 2)",
                        "CREATE TABLE moved (a INTEGER)",
                        "ALTER TABLE moved RENAME TO arrived",
                        "BEGIN",
                        "CREATE TABLE made_in_tx AS SELECT 1 AS n",
                        "DROP TABLE arrived",
                        "ALTER TABLE kv ALTER COLUMN v SET DEFAULT 'tx'",
                        "INSERT INTO kv (k) VALUES (4) ON CONFLICT DO NOTHING",
                        "COMMIT")) {
                    session.execute(sql).close();
                }
                Session uncommitted = database.newSession();
                uncommitted.execute("BEGIN").close();
                uncommitted.execute("ALTER TABLE kv DROP COLUMN w").close();
                uncommitted
                        .execute("INSERT INTO kv (k) VALUES (5) ON CONFLICT DO NOTHING")
                        .close();
                uncommitted.execute("CREATE TABLE never_committed (x INTEGER)").close();
                uncommitted.execute("DROP TABLE made_in_tx").close();
                System.out.println("committed");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE); // the parent kills us
            }
            case "catalog" -> {
                Quiver database = Quiver.open(path, config);
                Session session = database.newSession();
                for (String sql : List.of(
                        "CREATE SCHEMA sales",
                        "CREATE SEQUENCE sales.ids",
                        "CREATE TABLE sales.orders (id BIGINT DEFAULT nextval('sales.ids'), item VARCHAR)",
                        "INSERT INTO sales.orders (item) SELECT 'item ' || range FROM range(100)",
                        "CREATE TEMP TABLE scratch AS SELECT 1 AS n")) {
                    session.execute(sql).close();
                }
                long last = 0;
                for (int round = 0; round < 5; round++) {
                    try (var values = session.execute("SELECT max(nextval('sales.ids')) FROM range(1000)")) {
                        last = (Long) values.rows().getFirst().getFirst();
                    }
                }
                System.out.println("committed " + last);
                System.out.flush();
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
