package dev.quiver.engine.sql.ddl;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlExplainFormat;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's {@code EXPLAIN ANALYZE query}: runs the query, discards its rows and shows the plan with
 * the time and rows of every operator. An EXPLAIN that also executes, so a subclass of Calcite's.
 */
public final class SqlExplainAnalyze extends SqlExplain {
    /** Rebuilds an EXPLAIN ANALYZE (not a plain EXPLAIN) when a shuttle replaces the query. */
    private static final SqlSpecialOperator OPERATOR = new SqlSpecialOperator("EXPLAIN ANALYZE", SqlKind.EXPLAIN) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode... operands) {
            return new SqlExplainAnalyze(pos, operands[0], 0); // as Calcite's EXPLAIN operator does
        }
    };

    public SqlExplainAnalyze(SqlParserPos pos, SqlNode explicandum, int dynamicParameterCount) {
        super(
                pos,
                explicandum,
                SqlExplainLevel.EXPPLAN_ATTRIBUTES.symbol(SqlParserPos.ZERO),
                Depth.PHYSICAL.symbol(SqlParserPos.ZERO),
                SqlExplainFormat.TEXT.symbol(SqlParserPos.ZERO),
                dynamicParameterCount);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("EXPLAIN ANALYZE");
        getExplicandum().unparse(writer, 0, 0);
    }
}
