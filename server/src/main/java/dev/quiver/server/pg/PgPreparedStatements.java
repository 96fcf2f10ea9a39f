package dev.quiver.server.pg;

import dev.quiver.engine.PreparedQuery;
import dev.quiver.engine.StatementKind;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.session.ClientSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The engine's side of one PostgreSQL connection's statements, by SQL text: the engine's {@link
 * PreparedQuery} (whose query plan executions reuse while the catalog, settings and tables it
 * read are unchanged), the statement's kind and its parameters' types. Keyed by text rather than by
 * statement name because drivers re-Parse the same text as an unnamed statement (pgjdbc and
 * psycopg do until their prepare threshold), and those executions should reuse the plan too.
 *
 * <p>THREADS: the connection's thread only.
 */
final class PgPreparedStatements {
    /** Statements kept per connection; the least recently used goes first. */
    private static final int MAX_STATEMENTS = 64;

    private final ClientSession session;
    private final Map<String, EngineStatement> bySql = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EngineStatement> eldest) {
            return size() > MAX_STATEMENTS;
        }
    };

    PgPreparedStatements(ClientSession session) {
        this.session = session;
    }

    /** The engine statement of {@code sql} (the engine's SQL, {@code ?} parameters). */
    EngineStatement of(String sql) {
        return bySql.computeIfAbsent(sql, EngineStatement::new);
    }

    /** One SQL text's engine statement; what it learns is kept for the next execution. */
    final class EngineStatement {
        private final String sql;
        private PreparedQuery query;
        private StatementKind kind;
        private List<SqlTypeName> parameterTypes;
        private long parameterTypesVersion;
        private boolean filesChecked;

        private EngineStatement(String sql) {
            this.sql = sql;
        }

        String sql() {
            return sql;
        }

        /**
         * The engine's prepared statement.
         *
         * @throws QuiverException SYNTAX_ERROR when the statement does not parse
         */
        PreparedQuery query() {
            if (query == null) {
                query = session.withSession(engine -> engine.prepare(sql));
            }
            return query;
        }

        /** @throws QuiverException SYNTAX_ERROR when the statement does not parse */
        StatementKind kind() {
            if (kind == null) {
                kind = StatementKind.of(sql);
            }
            return kind;
        }

        /**
         * The type the engine infers for each {@code ?}, in order (see {@code Session.parameterTypes}),
         * computed again when the catalog changed; empty when the statement is invalid (its error
         * shows when it runs).
         */
        List<SqlTypeName> parameterTypes() {
            long version =
                    session.withSession(engine -> engine.database().catalog().schemaVersion());
            if (parameterTypes == null || parameterTypesVersion != version) {
                try {
                    parameterTypes = session.withSession(engine -> engine.parameterTypes(sql));
                } catch (QuiverException e) {
                    return List.of();
                }
                parameterTypesVersion = version;
            }
            return parameterTypes;
        }

        /**
         * Whether the files the statement reads were checked against --allow-path already: the
         * answer depends on the text and the connection's role only, both fixed.
         */
        boolean filesChecked() {
            return filesChecked;
        }

        void filesCheckedNow() {
            filesChecked = true;
        }
    }
}
