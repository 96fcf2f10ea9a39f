package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MacroCatalog;
import dev.quiver.engine.catalog.MacroDefinition;
import dev.quiver.engine.catalog.QualifiedName;
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
import org.apache.calcite.sql.SqlLambda;
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
    private final String temporarySchema;

    private MacroExpansion(MacroCatalog macros, String temporarySchema) {
        this.macros = macros;
        this.temporarySchema = temporarySchema;
    }

    /**
     * Expands every macro call in {@code statement}; the TEMP macros of the connection whose TEMP
     * schema is {@code temporarySchema} (null: none) shadow main's.
     */
    static void rewrite(SqlNode statement, MacroCatalog macros, String temporarySchema) {
        if (!macros.isEmpty()) {
            new MacroExpansion(macros, temporarySchema).expandAll(statement, 0);
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
            return macros.visible(function.getName(), temporarySchema)
                    .orElse(null); // a built-in the grammar knows: a macro overrides it
        }
        if (name.names.size() > 2) {
            return null;
        }
        if (name.names.size() == 2) {
            String schema = name.names.getFirst();
            if (schema.equalsIgnoreCase("temp") && temporarySchema != null) {
                return macros.macro(temporarySchema + "." + name.names.getLast())
                        .orElse(null);
            }
            if (schema.equalsIgnoreCase("main")) {
                return macros.visible(name.names.getLast(), temporarySchema).orElse(null);
            }
            String internal = schema + "." + name.names.getLast(); // a macro in schema s
            return QualifiedName.isTemporary(internal)
                    ? null
                    : macros.macro(internal).orElse(null);
        }
        return macros.visible(name.names.getLast(), temporarySchema).orElse(null);
    }

    /** The macro's body for this call, its own macro calls expanded. */
    private SqlNode instantiate(MacroDefinition macro, SqlCall call, int depth) {
        SqlParserPos pos = call.getParserPosition();
        // DuckDB's f(1, b := 2): positional arguments first, then parameters by name
        List<SqlNode> positional = new ArrayList<>();
        Map<String, SqlNode> named = new HashMap<>();
        for (SqlNode argument : call.getOperandList()) {
            if (argument.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                SqlCall assignment = (SqlCall) argument;
                String name = ((SqlIdentifier) assignment.operand(1)).getSimple();
                if (named.put(name.toLowerCase(Locale.ROOT), assignment.operand(0)) != null) {
                    throw error(
                            "Macro \"" + macro.name() + "\"() has named argument repeated '\"" + name + "\"'",
                            argument.getParserPosition());
                }
            } else {
                positional.add(argument);
            }
        }
        Map<String, SqlNode> values = new HashMap<>();
        for (int index = 0; index < macro.parameters().size(); index++) {
            String parameter = macro.parameters().get(index).toLowerCase(Locale.ROOT);
            SqlNode byName = named.remove(parameter);
            SqlNode value;
            if (index < positional.size()) {
                value = byName == null ? positional.get(index) : null; // given twice: refused below
            } else if (byName != null) {
                value = byName;
            } else {
                value = index < macro.requiredParameters()
                        ? null
                        : SqlParsing.parseExpression(macro.defaults().get(index));
            }
            if (value == null) {
                throw unsupportedArguments(macro, call);
            }
            String type = macro.types().get(index);
            if (type != null) {
                SqlCall cast = (SqlCall) SqlParsing.parseExpression("CAST(NULL AS " + type + ")");
                cast.setOperand(0, value);
                value = cast;
            }
            values.put(parameter, value);
        }
        if (positional.size() > macro.parameters().size() || !named.isEmpty()) {
            throw unsupportedArguments(macro, call); // too many, or a name no parameter has
        }
        SqlNode body =
                macro.table() ? SqlParsing.parseStatement(macro.body()) : SqlParsing.parseExpression(macro.body());
        SqlNode substituted = body.accept(new ParameterSubstitution(values));
        // a wrapper, so that a body that is itself a macro call is expanded too
        SqlNodeList holder = new SqlNodeList(new ArrayList<>(List.of(substituted)), pos);
        expandAll(holder, depth + 1);
        return holder.get(0);
    }

    /**
     * Replaces the macro's parameters by the call's arguments. A lambda's own parameter hides a macro
     * parameter of the same name inside its body, as in DuckDB ({@code x -> x + y} in a macro of
     * {@code x, y} reads the lambda's {@code x}).
     */
    private static final class ParameterSubstitution extends SqlShuttle {
        private final Map<String, SqlNode> values;

        ParameterSubstitution(Map<String, SqlNode> values) {
            this.values = values;
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            if (!identifier.isSimple()) {
                return identifier;
            }
            SqlNode value = values.get(identifier.getSimple().toLowerCase(Locale.ROOT));
            return value == null ? identifier : value.clone(value.getParserPosition());
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (!(call instanceof SqlLambda lambda)) {
                return super.visit(call);
            }
            Map<String, SqlNode> visible = new HashMap<>(values);
            for (SqlNode parameter : lambda.getParameters()) {
                visible.remove(((SqlIdentifier) parameter).getSimple().toLowerCase(Locale.ROOT));
            }
            SqlNode body = lambda.getExpression().accept(new ParameterSubstitution(visible));
            return new SqlLambda(lambda.getParserPosition(), lambda.getParameters(), body);
        }
    }

    /** DuckDB's error for a call whose arguments fit none of the macro's parameters. */
    private static QuiverException unsupportedArguments(MacroDefinition macro, SqlCall call) {
        int count = macro.parameters().size();
        return error(
                "Macro " + macro.name() + "() does not support the supplied arguments: it takes "
                        + (macro.requiredParameters() == count
                                ? String.valueOf(count)
                                : macro.requiredParameters() + " to " + count)
                        + " argument" + (count == 1 ? "" : "s") + ", got " + call.operandCount()
                        + " (parameters: " + String.join(", ", macro.parameters()) + ")\nCandidate macros:\n\t"
                        + macro.signature(),
                call.getParserPosition());
    }

    private static QuiverException error(String message, SqlParserPos pos) {
        return new QuiverException(ErrorCode.INVALID_QUERY, message, pos.getLineNum(), pos.getColumnNum(), null);
    }
}
