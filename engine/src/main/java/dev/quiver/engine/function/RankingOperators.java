package dev.quiver.engine.function;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlRankFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * {@code rank()}, {@code dense_rank()}, {@code percent_rank()} and {@code cume_dist()} as DuckDB
 * has them: an OVER clause without ORDER BY is allowed (every row of a partition is then a peer
 * of every other, so each gets rank 1), where Calcite's standard operators refuse it.
 */
final class RankingOperators {
    /** Quiver's twins of the standard ranking operators, in {@link #STANDARD}'s order. */
    static final List<SqlOperator> OWN = List.of(
            new SqlRankFunction(SqlKind.RANK, ReturnTypes.RANK, false),
            new SqlRankFunction(SqlKind.DENSE_RANK, ReturnTypes.RANK, false),
            new SqlRankFunction(SqlKind.PERCENT_RANK, ReturnTypes.FRACTIONAL_RANK, false),
            new SqlRankFunction(SqlKind.CUME_DIST, ReturnTypes.FRACTIONAL_RANK, false));

    /** The standard operators the twins replace. */
    static final List<SqlOperator> STANDARD = List.of(
            SqlStdOperatorTable.RANK,
            SqlStdOperatorTable.DENSE_RANK,
            SqlStdOperatorTable.PERCENT_RANK,
            SqlStdOperatorTable.CUME_DIST);

    private RankingOperators() {}
}
