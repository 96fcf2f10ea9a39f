package dev.quiver.engine.plan;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A table name in FROM that names a CTE in another case ({@code WITH Totals AS (…) SELECT * FROM
 * totals}) respelled as the CTE is, before validation: Calcite's WITH scope compares names
 * case-sensitively, though everything else matches names ignoring case, as DuckDB does. Respelling
 * a table that is not the CTE's is harmless: catalog tables match ignoring case too.
 */
final class CteNames {
    private CteNames() {}

    /** Respells, in place, the FROM names of {@code statement} that match one of its CTEs ignoring case. */
    static void match(SqlNode statement) {
        Map<String, String> names = new HashMap<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlWithItem item) {
                    names.putIfAbsent(item.name.getSimple().toLowerCase(Locale.ROOT), item.name.getSimple());
                }
                return super.visit(call);
            }
        });
        if (names.isEmpty()) {
            return;
        }
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    select.setFrom(respelled(select.getFrom(), names));
                } else if (call instanceof SqlJoin join) {
                    join.setLeft(respelled(join.getLeft(), names));
                    join.setRight(respelled(join.getRight(), names));
                }
                return super.visit(call);
            }
        });
    }

    /** {@code from} (a table name, maybe under AS) with the CTE's spelling when it names one; else as it is. */
    private static SqlNode respelled(SqlNode from, Map<String, String> names) {
        if (from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0) instanceof SqlIdentifier) {
            ((SqlCall) from).setOperand(0, respelled(((SqlCall) from).operand(0), names));
            return from;
        }
        if (from instanceof SqlIdentifier identifier && identifier.isSimple()) {
            String spelling = names.get(identifier.getSimple().toLowerCase(Locale.ROOT));
            if (spelling != null && !spelling.equals(identifier.getSimple())) {
                return new SqlIdentifier(spelling, identifier.getParserPosition());
            }
        }
        return from;
    }
}
