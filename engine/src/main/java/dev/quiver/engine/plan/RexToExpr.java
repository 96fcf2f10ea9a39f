package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/** Translates Calcite row expressions into runtime {@link Expr}s (column references for now). */
public final class RexToExpr {
    private RexToExpr() {
    }

    public static Expr translate(RexNode node, List<Field> inputFields) {
        if (node instanceof RexInputRef ref) {
            return new ColumnExpr(ref.getIndex(), inputFields.get(ref.getIndex()));
        }
        throw new QuiverException(ErrorCode.UNSUPPORTED, "expression " + node + " is not supported yet");
    }
}
