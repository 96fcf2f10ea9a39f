package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MacroCatalog;
import dev.quiver.engine.catalog.MacroDefinition;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.InPlaceRewrite;
import dev.quiver.engine.sql.SqlParsing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Expands the SQL macros of a statement before validation, as DuckDB binds them: a call of a scalar
 * macro becomes its body, parenthesized, with each parameter replaced by the call's argument (a
 * parameter wins over a column of the same name, as in DuckDB; arguments not passed take the
 * parameter's default, and a declared parameter type casts the argument); a table macro in FROM
 * becomes its query as a subquery named after the macro. Macros may call macros; a call chain
 * deeper than {@link #MAX_DEPTH} is refused as recursive. Rewrites the parse tree in place.
 */
final class MacroExpansion {
    /** How deep macros may call macros: deeper is taken for a macro that calls itself. */
    static final int MAX_DEPTH = 32;

    private final MacroCatalog macros;

    private MacroExpansion(MacroCatalog macros) {
        this.macros = macros;
    }

    /** Expands every macro call in {@code statement}. */
    static void rewrite(SqlNode statement, MacroCatalog macros) {
        if (!macros.isEmpty()) {
            new MacroExpansion(macros).expandAll(statement, 0);
        }
    }

    private void expandAll(SqlNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "macros call each other more than " + MAX_DEPTH + " levels deep (a macro that calls itself?)");
        }
        InPlaceRewrite.replace(node, (operand, parent) -> {
            boolean tableFunction = parent != null
                    && parent.getKind() == SqlKind.COLLECTION_TABLE
                    && parent.operand(0) == operand; // expanded with its COLLECTION_TABLE call
            return tableFunction ? null : expanded(operand, parent, depth);
        });
    }

    /** What {@code node} (an operand of {@code parent}, or a list item) expands to, or null to keep it. */
    private SqlNode expanded(SqlNode node, SqlCall parent, int depth) {
        if (node != null
                && node.getKind() == SqlKind.COLLECTION_TABLE
                && ((SqlCall) node).operand(0) instanceof SqlCall function) {
            MacroDefinition macro = macroCalled(function);
            if (macro == null || !macro.table()) {
                return null;
            }
            SqlNode query = instantiate(macro, function, depth);
            boolean aliased = parent != null && parent.getKind() == SqlKind.AS;
            return aliased
                    ? query
                    : SqlStdOperatorTable.AS.createCall(
                            node.getParserPosition(), query, new SqlIdentifier(macro.name(), node.getParserPosition()));
        }
        if (!(node instanceof SqlCall function)) {
            return null;
        }
        MacroDefinition macro = macroCalled(function);
        if (macro == null) {
            return null;
        }
        if (macro.table()) {
            throw error(
                    "Function \"" + macro.name() + "\" is a table function but it was used as a scalar function."
                            + " This function has to be called in a FROM clause (similar to a table).",
                    function.getParserPosition());
        }
        return instantiate(macro, function, depth);
    }

    private MacroDefinition macroCalled(SqlCall call) {
        if (!(call instanceof SqlBasicCall basic) || !(basic.getOperator() instanceof SqlFunction function)) {
            return null;
        }
        SqlIdentifier name = function.getSqlIdentifier();
        if (name == null) {
            return macros.macro(function.getName()).orElse(null); // a built-in the grammar knows: a macro overrides it
        }
        if (name.names.size() > 2
                || (name.names.size() == 2 && !name.names.getFirst().equalsIgnoreCase("main"))) {
            return null;
        }
        return macros.macro(name.names.getLast()).orElse(null);
    }

    /** The macro's body for this call, its own macro calls expanded. */
    private SqlNode instantiate(MacroDefinition macro, SqlCall call, int depth) {
        List<SqlNode> arguments = call.getOperandList();
        SqlParserPos pos = call.getParserPosition();
        if (arguments.size() < macro.requiredParameters()
                || arguments.size() > macro.parameters().size()) {
            throw error(
                    "Macro " + macro.name() + "() does not support the supplied arguments: it takes "
                            + (macro.requiredParameters() == macro.parameters().size()
                                    ? String.valueOf(macro.parameters().size())
                                    : macro.requiredParameters() + " to "
                                            + macro.parameters().size())
                            + " argument" + (macro.parameters().size() == 1 ? "" : "s") + ", got "
                            + arguments.size() + "\nCandidate macros:\n\t" + macro.signature(),
                    pos);
        }
        Map<String, SqlNode> values = new HashMap<>();
        for (int index = 0; index < macro.parameters().size(); index++) {
            SqlNode value = index < arguments.size()
                    ? arguments.get(index)
                    : SqlParsing.parseExpression(macro.defaults().get(index));
            String type = macro.types().get(index);
            if (type != null) {
                SqlCall cast = (SqlCall) SqlParsing.parseExpression("CAST(NULL AS " + type + ")");
                cast.setOperand(0, value);
                value = cast;
            }
            values.put(macro.parameters().get(index).toLowerCase(Locale.ROOT), value);
        }
        SqlNode body =
                macro.table() ? SqlParsing.parseStatement(macro.body()) : SqlParsing.parseExpression(macro.body());
        SqlNode substituted = body.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                if (!identifier.isSimple()) {
                    return identifier;
                }
                SqlNode value = values.get(identifier.getSimple().toLowerCase(Locale.ROOT));
                return value == null ? identifier : value.clone(value.getParserPosition());
            }
        });
        // a wrapper, so that a body that is itself a macro call is expanded too
        SqlNodeList holder = new SqlNodeList(new ArrayList<>(List.of(substituted)), pos);
        expandAll(holder, depth + 1);
        return holder.get(0);
    }

    private static QuiverException error(String message, SqlParserPos pos) {
        return new QuiverException(ErrorCode.INVALID_QUERY, message, pos.getLineNum(), pos.getColumnNum(), null);
    }
}
