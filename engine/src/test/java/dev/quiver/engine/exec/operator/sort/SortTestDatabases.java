package dev.quiver.engine.exec.operator.sort;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.Session;
import java.util.List;

/**
 * Two databases holding the same table {@code t(id, k, s)} of {@code rows} rows — one on 2 threads,
 * one on 1, both cutting scans into 1,024-row morsels — so a sort split across threads can be
 * compared with a serial one. {@code k} repeats (ties) and is NULL on every 97th row.
 */
final class SortTestDatabases implements AutoCloseable {
    final Quiver parallel;
    final Quiver serial;

    SortTestDatabases(int rows) {
        parallel = Quiver.open(QuiverConfig.defaults().withThreads(2).withBatchRows(1024));
        serial = Quiver.open(QuiverConfig.defaults().withThreads(1).withBatchRows(1024));
        String table = "CREATE TABLE t AS SELECT range AS id,"
                + " CASE WHEN range % 97 = 0 THEN NULL ELSE (range * 7919) % 1000 END AS k,"
                + " 'v' || ((range * 31) % 5000) AS s FROM range(" + rows + ")";
        for (Quiver database : List.of(parallel, serial)) {
            try (Session session = database.newSession()) {
                session.execute(table).close();
            }
        }
    }

    static List<List<Object>> rows(Quiver database, String sql) {
        try (Session session = database.newSession();
                QueryResult result = session.execute(sql)) {
            return result.rows();
        }
    }

    /** Closes both; closing fails if a query leaked memory. */
    @Override
    public void close() {
        try {
            parallel.close();
        } finally {
            serial.close();
        }
    }
}
