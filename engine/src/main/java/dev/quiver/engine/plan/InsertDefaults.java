package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.type.TypeMapping;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Replaces {@code DEFAULT} in an INSERT's VALUES rows with the column's DEFAULT expression (or a
 * typed NULL), and types the literals of a column with a bare NULL, before validation. Columns the INSERT leaves out get theirs from Calcite's
 * conversion ({@code ColumnDefaults}); Calcite's own handling of an explicit DEFAULT fails for
 * columns without one, so Quiver spells every one out.
 */
final class InsertDefaults {
    private InsertDefaults() {}

    /** Rewrites {@code insert} in place; its column list must be set. */
    static void expand(SqlInsert insert, MemoryTable table) {
        if (insert.getSource().getKind() != SqlKind.VALUES || insert.getTargetColumnList() == null) {
            return;
        }
        List<SqlNode> columns = insert.getTargetColumnList().getList();
        for (SqlNode row : ((SqlCall) insert.getSource()).getOperandList()) {
            if (!(row instanceof SqlBasicCall call) || call.getKind() != SqlKind.ROW) {
                continue;
            }
            for (int index = 0; index < call.operandCount() && index < columns.size(); index++) {
                SqlNode value = call.operand(index);
                if (value != null && value.getKind() == SqlKind.DEFAULT) {
                    Field field = field(table, ((SqlIdentifier) columns.get(index)).names.getLast());
                    if (field != null) {
                        call.setOperand(index, defaultOf(table, field, value.getParserPosition()));
                    }
                }
            }
        }
        castLiteralsBesideNull(insert, table, columns);
    }

    /**
     * In a column where some VALUES row holds a bare NULL, casts that column's literals to the
     * column's type, as DuckDB does: the validator otherwise types {@code (2), (NULL)} for a
     * VARCHAR column as an INTEGER column it cannot assign ("compatible types").
     */
    private static void castLiteralsBesideNull(SqlInsert insert, MemoryTable table, List<SqlNode> columns) {
        List<SqlNode> rows = ((SqlCall) insert.getSource()).getOperandList();
        for (int index = 0; index < columns.size(); index++) {
            boolean bareNull = false;
            for (SqlNode row : rows) {
                if (row instanceof SqlBasicCall call
                        && call.getKind() == SqlKind.ROW
                        && index < call.operandCount()
                        && SqlUtil.isNullLiteral(call.operand(index), false)) {
                    bareNull = true;
                }
            }
            Field field = bareNull ? field(table, ((SqlIdentifier) columns.get(index)).names.getLast()) : null;
            if (field == null || rows.size() < 2) {
                continue;
            }
            for (SqlNode row : rows) {
                if (row instanceof SqlBasicCall call
                        && call.getKind() == SqlKind.ROW
                        && index < call.operandCount()
                        && call.operand(index) instanceof SqlLiteral literal) {
                    call.setOperand(index, assignable(literal, field));
                }
            }
        }
    }

    /**
     * {@code literal} as a value the validator can assign to the column: itself when its type
     * family is the column's (or it is NULL), the text of a number or boolean for a character
     * column, else a CAST. A literal stays a literal where it can, because a VALUES row of
     * literals is one batch and a row with a CAST becomes a query of its own (a batch per row).
     */
    private static SqlNode assignable(SqlLiteral literal, Field field) {
        SqlParserPos pos = literal.getParserPosition();
        RelDataType target = TypeMapping.toSql(field, new QuiverTypeFactory());
        if (SqlUtil.isNullLiteral(literal, false)
                || literal.getTypeName().getFamily() == target.getSqlTypeName().getFamily()) {
            return literal;
        }
        if (SqlTypeUtil.inCharFamily(target)) {
            if (literal instanceof SqlNumericLiteral number && number.isExact()) {
                return SqlLiteral.createCharString(number.toValue(), pos);
            }
            if (literal.getTypeName() == SqlTypeName.BOOLEAN) {
                return SqlLiteral.createCharString(literal.booleanValue() ? "true" : "false", pos);
            }
        }
        return castTo(literal, field, pos);
    }

    private static SqlNode defaultOf(MemoryTable table, Field field, SqlParserPos pos) {
        String text = TableConstraints.of(table.schema()).defaultOf(field.getName());
        SqlNode value = text == null ? SqlLiteral.createNull(pos) : SqlParsing.parseExpression(text);
        return castTo(value, field, pos);
    }

    private static SqlNode castTo(SqlNode value, Field field, SqlParserPos pos) {
        return NestedCast.castTo(value, TypeMapping.toSql(field, new QuiverTypeFactory()), pos);
    }

    private static Field field(MemoryTable table, String name) {
        return table.schema().getFields().stream()
                .filter(field -> field.getName().equalsIgnoreCase(name))
                .findFirst()
                .orElse(null);
    }
}
