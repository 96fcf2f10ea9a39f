package dev.quiver.engine;

import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlAttach;
import dev.quiver.engine.sql.ddl.SqlCopy;
import dev.quiver.engine.sql.ddl.SqlCreateFunction;
import dev.quiver.engine.sql.ddl.SqlCreateTable;
import dev.quiver.engine.sql.ddl.SqlDescribe;
import dev.quiver.engine.sql.ddl.SqlDetach;
import dev.quiver.engine.sql.ddl.SqlDropFunction;
import dev.quiver.engine.sql.ddl.SqlDropTable;
import dev.quiver.engine.sql.ddl.SqlShow;
import dev.quiver.engine.sql.ddl.SqlTransactionStatement;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/**
 * What one SQL statement may do, for deciding who may run it (a server's roles): read, change
 * tables, run code or reach the host. A statement kind Quiver does not know yet counts as
 * {@link #ADMINISTRATION}, so that a new statement is never let through by accident.
 */
public enum StatementKind {
    /** Reads only: queries, EXPLAIN, SHOW. */
    READ,
    /** Session state only: SET, RESET, BEGIN, COMMIT, ROLLBACK. */
    SESSION,
    /** Changes table rows or writes files: INSERT, UPDATE, DELETE, TRUNCATE, MERGE, CALL, COPY. */
    WRITE,
    /** Creates or drops tables. */
    TABLE_DDL,
    /** Creates or drops functions: Python code that runs inside the server. */
    FUNCTION_DDL,
    /** Reaches files on the host: ATTACH, DETACH. */
    DATABASE,
    /** Anything else, including statements this version does not know. */
    ADMINISTRATION;

    /**
     * The kind of the one statement {@code sql}.
     *
     * @throws dev.quiver.engine.error.QuiverException SYNTAX_ERROR when it does not parse
     */
    public static StatementKind of(String sql) {
        return of(SqlParsing.parseStatement(sql));
    }

    static StatementKind of(SqlNode statement) {
        if (statement.isA(SqlKind.QUERY)
                || statement instanceof SqlExplain
                || statement instanceof SqlShow
                || statement instanceof SqlDescribe) {
            return READ;
        }
        return switch (statement) {
            case SqlCreateFunction create -> FUNCTION_DDL;
            case SqlDropFunction drop -> FUNCTION_DDL;
            case SqlCreateTable create -> TABLE_DDL;
            case SqlDropTable drop -> TABLE_DDL;
            case SqlCopy copy -> WRITE; // COPY ... TO writes a file: not for readers
            case SqlAttach attach -> DATABASE;
            case SqlDetach detach -> DATABASE;
            case SqlSetOption option -> SESSION;
            case SqlTransactionStatement transaction -> SESSION;
            default ->
                switch (statement.getKind()) {
                    case INSERT, UPDATE, DELETE, MERGE, TRUNCATE_TABLE, PROCEDURE_CALL -> WRITE;
                    case COMMIT, ROLLBACK -> SESSION;
                    case CREATE_TABLE, DROP_TABLE, ALTER_TABLE, CREATE_VIEW, DROP_VIEW, CREATE_INDEX, DROP_INDEX ->
                        TABLE_DDL;
                    case CREATE_FUNCTION, DROP_FUNCTION -> FUNCTION_DDL;
                    default -> ADMINISTRATION;
                };
        };
    }
}
