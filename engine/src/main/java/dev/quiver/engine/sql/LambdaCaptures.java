package dev.quiver.engine.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Lambdas that read values from outside ({@code list_transform(l, x -> x + t.off)}, or an
 * enclosing lambda's parameter): Calcite 1.42 lets a lambda body name only its own parameters, so
 * before validation every such outside value becomes an extra, trailing operand of the call that
 * holds the lambda, and an extra lambda parameter named {@link #PREFIX}{@code n} stands for it in
 * the body. The call's type checker types those parameters from the trailing operands and the
 * kernel repeats each row's value for the elements of that row's list.
 *
 * <p>Rewrites bottom-up, so a nested lambda's outside values become operands of its call, which
 * the enclosing lambda then reads (as its parameter, or captured in turn).
 */
public final class LambdaCaptures {
    /** Names of the parameters that stand for captured values; nobody writes such a name. */
    public static final String PREFIX = "$quiver_captured_";

    private LambdaCaptures() {}

    /** True for a lambda parameter this rewrite added. */
    public static boolean isCaptured(String parameterName) {
        return parameterName.startsWith(PREFIX);
    }

    /** Number of captured-value parameters of {@code lambda} (they come after its own). */
    public static int capturedCount(SqlLambda lambda) {
        int count = 0;
        for (SqlNode parameter : lambda.getParameters()) {
            if (isCaptured(((SqlIdentifier) parameter).getSimple())) {
                count++;
            }
        }
        return count;
    }

    /** Rewrites {@code query} in place (a query is never itself a call holding a lambda). */
    public static void rewrite(SqlNode query) {
        new Rewriter().rewrite(query);
    }

    /** One statement's rewrite; numbers the captured parameters so no two lambdas share a name. */
    private static final class Rewriter {
        private int next;

        SqlNode rewrite(SqlNode node) {
            if (node instanceof SqlNodeList list) {
                for (int index = 0; index < list.size(); index++) {
                    SqlNode element = list.get(index);
                    SqlNode rewritten = element == null ? null : rewrite(element);
                    if (rewritten != element) {
                        list.set(index, rewritten);
                    }
                }
                return list;
            }
            if (!(node instanceof SqlCall call)) {
                return node;
            }
            List<SqlNode> operands = call.getOperandList();
            for (int index = 0; index < operands.size(); index++) {
                SqlNode operand = operands.get(index);
                SqlNode rewritten = operand == null ? null : rewrite(operand);
                if (rewritten != operand) {
                    call.setOperand(index, rewritten);
                }
            }
            return call instanceof SqlBasicCall basic ? capture(basic) : call;
        }

        /** The call with its lambdas' outside values as trailing operands, or itself if none read any. */
        private SqlNode capture(SqlBasicCall call) {
            List<SqlNode> operands = new ArrayList<>(call.getOperandList());
            List<SqlNode> captured = new ArrayList<>();
            for (int index = 0; index < operands.size(); index++) {
                if (operands.get(index) instanceof SqlLambda lambda) {
                    Map<String, SqlIdentifier> outside = new LinkedHashMap<>();
                    outsideValues(lambda.getExpression(), ownNames(lambda), outside);
                    if (!outside.isEmpty()) {
                        operands.set(index, withCaptures(lambda, outside));
                        captured.addAll(outside.values());
                    }
                }
            }
            if (captured.isEmpty()) {
                return call;
            }
            operands.addAll(captured);
            return new SqlBasicCall(
                    call.getOperator(), operands, call.getParserPosition(), call.getFunctionQuantifier());
        }

        /** {@code lambda} with one more parameter per outside value, which its body now reads instead. */
        private SqlLambda withCaptures(SqlLambda lambda, Map<String, SqlIdentifier> outside) {
            SqlParserPos position = lambda.getParserPosition();
            SqlNodeList parameters = new SqlNodeList(lambda.getParameters().getList(), position);
            Map<String, SqlIdentifier> replacements = new LinkedHashMap<>();
            for (Map.Entry<String, SqlIdentifier> value : outside.entrySet()) {
                SqlIdentifier parameter =
                        new SqlIdentifier(PREFIX + next++, value.getValue().getParserPosition());
                parameters.add(parameter);
                replacements.put(value.getKey(), parameter);
            }
            SqlNode body = replace(lambda.getExpression(), replacements);
            return new SqlLambda(position, parameters, body);
        }
    }

    private static List<String> ownNames(SqlLambda lambda) {
        List<String> names = new ArrayList<>();
        for (SqlNode parameter : lambda.getParameters()) {
            names.add(key(((SqlIdentifier) parameter).getSimple()));
        }
        return names;
    }

    /**
     * The identifiers in {@code node} that name none of {@code own}: columns and enclosing lambdas'
     * parameters. Not inside subqueries (their own scope) nor nested lambdas (already rewritten:
     * what they read from outside is an operand of their call, seen here).
     */
    private static void outsideValues(SqlNode node, List<String> own, Map<String, SqlIdentifier> outside) {
        switch (node) {
            case null -> {}
            case SqlIdentifier identifier -> {
                if (!identifier.isStar() && !own.contains(key(identifier.names.getFirst()))) {
                    outside.putIfAbsent(key(identifier), identifier);
                }
            }
            case SqlSelect ignored -> {}
            case SqlLambda ignored -> {}
            case SqlNodeList list -> list.forEach(element -> outsideValues(element, own, outside));
            case SqlCall call -> {
                // AS: only the value; its alias is a name, not a column
                int count = call.getKind() == SqlKind.AS ? 1 : call.operandCount();
                for (int index = 0; index < count; index++) {
                    outsideValues(call.operand(index), own, outside);
                }
            }
            default -> {}
        }
    }

    /** {@code node} with each outside identifier replaced by its parameter (copies of calls). */
    private static SqlNode replace(SqlNode node, Map<String, SqlIdentifier> replacements) {
        switch (node) {
            case null -> {
                return null;
            }
            case SqlIdentifier identifier -> {
                SqlIdentifier parameter = replacements.get(key(identifier));
                return parameter == null || identifier.isStar() ? identifier : parameter;
            }
            case SqlSelect select -> {
                return select;
            }
            case SqlLambda lambda -> {
                return lambda;
            }
            case SqlNodeList list -> {
                SqlNodeList copy = new SqlNodeList(list.getParserPosition());
                list.forEach(element -> copy.add(replace(element, replacements)));
                return copy;
            }
            case SqlCall call -> {
                int count = call.getKind() == SqlKind.AS ? 1 : call.operandCount();
                for (int index = 0; index < count; index++) {
                    SqlNode operand = call.operand(index);
                    SqlNode replaced = replace(operand, replacements);
                    if (replaced != operand) {
                        call.setOperand(index, replaced);
                    }
                }
                return call;
            }
            default -> {
                return node;
            }
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * An identifier's name parts, joined by a character no name holds: a quoted parameter
     * {@code "x.y"} (one part) must not meet the column {@code x.y} (two parts).
     */
    private static String key(SqlIdentifier identifier) {
        return key(String.join("\0", identifier.names));
    }
}
