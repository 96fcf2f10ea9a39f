package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.function.FunctionRegistry;
import dev.quiver.engine.function.IntervalExtract;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.function.NestedSyntax;
import dev.quiver.engine.type.CommonValueTypes;
import dev.quiver.engine.type.FixedArraySqlType;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlInternalOperators;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlQualified;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.Litmus;
import org.apache.calcite.util.TimestampString;

/**
 * Calcite's validator with DuckDB's select items that spread a STRUCT over columns, one per member:
 * {@code s.*} where {@code s} is a STRUCT column (not a table), {@code unnest(s)} of a STRUCT, and
 * {@code unnest(l, recursive := true)} of a list of STRUCTs. Each becomes {@code s['member'] AS
 * member} items before the select list is validated; other items are left alone. UNNEST in FROM
 * names its columns as DuckDB (see DuckDbUnnest). A column reference is named as its column is
 * stored ({@link #storedName}). A bare star over a USING or NATURAL join lists the columns in DuckDB's
 * order ({@link UsingJoinStars}).
 */
final class QuiverValidator extends SqlValidatorImpl {
    private final SqlValidatorCatalogReader catalog;
    /** Throws once the statement is cancelled: validating 50,000 literals takes long enough to matter. */
    private final Runnable cancelCheck;

    /** @param cancelCheck throws once the statement is cancelled; checked as each expression is typed */
    QuiverValidator(
            SqlOperatorTable operators,
            SqlValidatorCatalogReader catalog,
            RelDataTypeFactory types,
            Config config,
            Runnable cancelCheck) {
        super(operators, catalog, types, config);
        this.catalog = catalog;
        this.cancelCheck = cancelCheck;
    }

    /**
     * Calcite types {@code a || b} of ARRAYs as {@code a}'s type; for a fixed-size ARRAY that is a
     * LIST of its elements, as in DuckDB ({@code NestedCast.CONVERTLETS} converts it so).
     */
    @Override
    public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
        cancelCheck.run();
        if (expr instanceof SqlBasicCall call && call.getOperator() == SqlLibraryOperators.TRY_CAST) {
            call.setOperator(NestedCast.TRY); // which keeps the lengths of fixed-size ARRAYs in its type
        }
        if (expr instanceof SqlBasicCall call && IntervalExtract.replaces(call, this, scope)) {
            call.setOperator(IntervalExtract.INSTANCE); // Calcite's refuses EXTRACT(YEAR FROM day-time interval)
        }
        if (expr instanceof SqlCase choice) {
            combineStructBranches(scope, choice);
        }
        if (expr instanceof SqlCall call
                && call.getOperator() == SqlStdOperatorTable.CONCAT
                && concatsListAndNull(scope, call)) {
            RelDataType nothing = getTypeFactory().createSqlType(SqlTypeName.NULL);
            setValidatedNodeType(expr, nothing);
            return nothing;
        }
        RelDataType type;
        try {
            type = super.deriveType(scope, expr);
        } catch (ArithmeticException e) {
            // struct[i] with i past INTEGER's range: Calcite's check of the index overflows
            throw new QuiverException(ErrorCode.INVALID_QUERY, "index out of range: " + expr);
        }
        if (type instanceof FixedArraySqlType fixed
                && expr instanceof SqlCall call
                && call.getOperator() == SqlStdOperatorTable.CONCAT) {
            RelDataTypeFactory factory = getTypeFactory();
            type = factory.createTypeWithNullability(
                    factory.createArrayType(fixed.getComponentType(), -1), fixed.isNullable());
            setValidatedNodeType(expr, type);
        }
        return type;
    }

    /**
     * CASE (and COALESCE, which Calcite turns into a CASE) over structs with other member names: each
     * branch cast to the struct of all their members, as DuckDB types it; Calcite's common type would
     * pair the members by position under the first branch's names.
     */
    private void combineStructBranches(SqlValidatorScope scope, SqlCase choice) {
        List<SqlNode> values = new ArrayList<>(choice.getThenOperands().getList());
        if (choice.getElseOperand() != null) {
            // DuckDB's CASE types its result from ELSE first, then each THEN (the members' order
            // shows it); COALESCE from its first operand on
            values.add(isCoalesce(choice) ? values.size() : 0, choice.getElseOperand());
        }
        List<RelDataType> types = new ArrayList<>();
        for (SqlNode value : values) {
            types.add(deriveType(scope, value));
        }
        if (types.stream().noneMatch(RelDataType::isStruct)) {
            return;
        }
        RelDataType common = CommonValueTypes.commonValueType(getTypeFactory(), types);
        if (common == null
                || !common.isStruct()
                || types.stream()
                        .allMatch(type -> type.getSqlTypeName() == SqlTypeName.NULL
                                || type.getFieldNames().equals(common.getFieldNames()))) {
            return;
        }
        SqlNodeList thens = choice.getThenOperands();
        for (int index = 0; index < thens.size(); index++) {
            thens.set(
                    index,
                    NestedCast.castTo(thens.get(index), common, thens.get(index).getParserPosition()));
        }
        SqlNode otherwise = choice.getElseOperand();
        if (otherwise != null && !SqlUtil.isNullLiteral(otherwise, false)) {
            choice.setOperand(3, NestedCast.castTo(otherwise, common, otherwise.getParserPosition()));
        }
    }

    /**
     * VALUES rows whose structs in one column differ in member names or order ({@code VALUES
     * ([{'x': 1, 'y': 'a'}]), ([{'y': 'q', 'x': 2}])}): each row's value cast to the column's
     * common type by name, as DuckDB ({@link CommonValueTypes}); Calcite's check of the rows pairs
     * members by position and refuses them.
     */
    @Override
    protected void validateValues(SqlCall node, RelDataType targetRowType, SqlValidatorScope scope) {
        List<SqlNode> rows = node.getOperandList();
        if (rows.size() > 1
                && rows.stream().allMatch(row -> row.getKind() == SqlKind.ROW)
                && rows.stream()
                                .map(row -> ((SqlCall) row).operandCount())
                                .distinct()
                                .count()
                        == 1) {
            int columnCount = ((SqlCall) rows.getFirst()).operandCount();
            boolean insert = targetRowType.isStruct() && targetRowType.getFieldCount() == columnCount;
            for (int column = 0; column < columnCount; column++) {
                combineColumn(
                        scope,
                        rows,
                        column,
                        insert ? targetRowType.getFieldList().get(column).getType() : null);
            }
        }
        super.validateValues(node, targetRowType, scope);
    }

    /** @param target the INSERT's column type (a NULL in the column is typed as it), or null */
    private void combineColumn(SqlValidatorScope scope, List<SqlNode> rows, int column, RelDataType target) {
        List<RelDataType> types = new ArrayList<>();
        for (SqlNode row : rows) {
            SqlNode value = ((SqlCall) row).operand(column);
            if (!SqlUtil.isNullLiteral(value, false)) {
                types.add(deriveType(scope, value));
            } else if (target != null) {
                types.add(target);
            }
        }
        if (types.stream().noneMatch(type -> type.isStruct() || type.getComponentType() != null)) {
            return;
        }
        RelDataType common = CommonValueTypes.commonValueType(getTypeFactory(), types);
        if (common == null
                || types.stream().allMatch(type -> SqlTypeUtil.equalSansNullability(getTypeFactory(), type, common))) {
            return;
        }
        for (SqlNode row : rows) {
            SqlCall values = (SqlCall) row;
            SqlNode value = values.operand(column);
            // a NULL is typed as the INSERT's column, which may not fit the other rows: it takes the common type too
            RelDataType type = SqlUtil.isNullLiteral(value, false) ? target : deriveType(scope, value);
            if (type != null && !SqlTypeUtil.equalSansNullability(getTypeFactory(), type, common)) {
                values.setOperand(column, NestedCast.castTo(value, common, value.getParserPosition()));
            }
        }
    }

    /**
     * Whether {@code choice} is Calcite's CASE for COALESCE: each WHEN is {@code x IS NOT NULL} and
     * its THEN {@code CAST_NOT_NULL(x)}.
     */
    private static boolean isCoalesce(SqlCase choice) {
        SqlNodeList whens = choice.getWhenOperands();
        SqlNodeList thens = choice.getThenOperands();
        for (int index = 0; index < whens.size(); index++) {
            if (!(whens.get(index) instanceof SqlCall test)
                    || test.getKind() != SqlKind.IS_NOT_NULL
                    || !(thens.get(index) instanceof SqlCall value)
                    || value.getOperator() != SqlInternalOperators.CAST_NOT_NULL
                    || !test.operand(0).equalsDeep(value.operand(0), Litmus.IGNORE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code ||} joins a list and an untyped NULL: DuckDB types that NULL (Calcite, by its
     * first operand: a VARCHAR concatenation, which fails on the list).
     */
    private boolean concatsListAndNull(SqlValidatorScope scope, SqlCall call) {
        boolean list = false;
        boolean nothing = false;
        for (SqlNode operand : call.getOperandList()) {
            SqlTypeName name = deriveType(scope, operand).getSqlTypeName();
            list |= name == SqlTypeName.ARRAY;
            nothing |= name == SqlTypeName.NULL;
        }
        return list && nothing;
    }

    /**
     * Unquoted names of a niladic function ({@code user}, {@code current_role}) that name a column
     * where they stand: DuckDB reads them as the column, Calcite as the function.
     */
    private final Set<SqlIdentifier> columnsNamedLikeFunctions = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public SqlCall makeNullaryCall(SqlIdentifier id) {
        return columnsNamedLikeFunctions.contains(id) ? null : nullaryCall(id);
    }

    /** Calcite's answer: the call of the niladic function {@code id} names, or null. */
    private SqlCall nullaryCall(SqlIdentifier id) {
        // a quoted or qualified name is never a function; most names are none of the few niladic
        // ones, and Calcite would search every operator table for each (two or three times each)
        if (!id.isSimple() || id.isComponentQuoted(0) || !FunctionRegistry.mayBeNiladic(id.getSimple())) {
            return null;
        }
        return super.makeNullaryCall(id);
    }

    /** Marks the select's identifiers that {@link #makeNullaryCall} must leave columns, then validates it. */
    @Override
    protected void validateSelect(SqlSelect select, RelDataType targetRowType) {
        SqlValidatorScope scope = getSelectScope(select);
        SqlBasicVisitor<Void> marker = new SqlBasicVisitor<>() {
            @Override
            public Void visit(SqlCall call) {
                return call instanceof SqlSelect ? null : super.visit(call); // a subquery marks its own
            }

            @Override
            public Void visit(SqlIdentifier id) {
                if (id.isSimple() && nullaryCall(id) != null) {
                    if (isColumn(id, scope)) {
                        columnsNamedLikeFunctions.add(id);
                    }
                }
                return null;
            }
        };
        for (SqlNode clause : Arrays.asList(
                select.getSelectList(),
                select.getWhere(),
                select.getGroup(),
                select.getHaving(),
                select.getQualify(),
                select.getOrderList())) {
            if (clause != null) {
                clause.accept(marker);
            }
        }
        super.validateSelect(select, targetRowType);
    }

    /** Puts {@link IntervalExtract} in place of Calcite's EXTRACT of an interval before Calcite checks the call. */
    @Override
    public void validateCall(SqlCall call, SqlValidatorScope scope) {
        if (call instanceof SqlBasicCall basic && IntervalExtract.replaces(basic, this, scope)) {
            basic.setOperator(IntervalExtract.INSTANCE);
        }
        super.validateCall(call, scope);
    }

    @Override
    public SqlNode validate(SqlNode topNode) {
        DuckDbUnnest.rename(topNode);
        CteNames.match(topNode);
        return super.validate(topNode);
    }

    /**
     * A {@code DATE '...'} or {@code TIMESTAMP '...'} literal Calcite cannot hold but DuckDB reads
     * becomes a CAST of its text, which the runtime's parser reads: DuckDB's special values
     * ({@code DATE 'infinity'}, {@code TIMESTAMP '-infinity'}, {@code DATE 'epoch'}), years before 1
     * ({@code DATE '0044-03-15 (BC)'}) and after 9999. A year-month interval becomes Quiver's one
     * INTERVAL type ({@link DuckDbIntervals}), except in a window frame's bounds.
     */
    @Override
    protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
        if (node instanceof SqlWindow window) {
            // a RANGE frame's offset must stay Calcite's interval literal (WindowPlanning reads it)
            SqlNode lower = window.getLowerBound() == null
                    ? null
                    : window.getLowerBound().clone(SqlParserPos.ZERO);
            SqlNode upper = window.getUpperBound() == null
                    ? null
                    : window.getUpperBound().clone(SqlParserPos.ZERO);
            SqlNode rewritten = super.performUnconditionalRewrites(node, underFrom);
            window.setLowerBound(lower);
            window.setUpperBound(upper);
            return rewritten;
        }
        SqlNode interval = DuckDbIntervals.rewrite(node);
        if (interval != null) {
            return super.performUnconditionalRewrites(interval, underFrom);
        }
        if (node instanceof SqlCall extract
                && extract.getKind() == SqlKind.EXTRACT
                && extract.operandCount() == 2
                && extract.operand(0) instanceof SqlIntervalQualifier unit
                && unit.timeFrameName != null) {
            // EXTRACT(julian FROM d): a unit Calcite's grammar reads as a time frame name, which
            // date_part knows (DuckDB's units julian, era, yearweek, ...)
            SqlParserPos pos = extract.getParserPosition();
            SqlNode datePart = new SqlUnresolvedFunction(
                            new SqlIdentifier("date_part", pos),
                            null,
                            null,
                            null,
                            null,
                            SqlFunctionCategory.USER_DEFINED_FUNCTION)
                    .createCall(pos, SqlLiteral.createCharString(unit.timeFrameName, pos), extract.operand(1));
            return super.performUnconditionalRewrites(datePart, underFrom);
        }
        if (node instanceof SqlUnknownLiteral unknown && castsBetter(unknown)) {
            SqlParserPos pos = unknown.getParserPosition();
            SqlTypeName type = unknown.tag.equalsIgnoreCase("DATE")
                    ? SqlTypeName.DATE
                    : unknown.tag.equalsIgnoreCase("TIME") ? SqlTypeName.TIME : SqlTypeName.TIMESTAMP;
            return SqlStdOperatorTable.CAST.createCall(
                    pos,
                    SqlLiteral.createCharString(unknown.getValue(), pos),
                    new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
        }
        return super.performUnconditionalRewrites(node, underFrom);
    }

    /**
     * Whether a DATE/TIME/TIMESTAMP literal is text DuckDB's cast reads and Calcite's literal cannot
     * hold (a TIME without seconds, {@code TIME '10:00'}).
     */
    private boolean castsBetter(SqlUnknownLiteral literal) {
        boolean date = literal.tag.equalsIgnoreCase("DATE");
        boolean time = literal.tag.equalsIgnoreCase("TIME");
        if (!date && !time && !literal.tag.equalsIgnoreCase("TIMESTAMP")) {
            return false;
        }
        if (!time && DateTimes.isSpecialWord(literal.getValue())) {
            return true;
        }
        try {
            resolveLiteral(literal);
            return false;
        } catch (RuntimeException calcite) {
            try {
                if (date) {
                    DateTimes.parseDate(literal.getValue());
                } else if (time) {
                    ZonedTimes.parseTime(literal.getValue());
                } else {
                    DateTimes.parseTimestamp(literal.getValue());
                }
                return true;
            } catch (DateTimes.ParseException e) {
                return false; // neither reads it: resolveLiteral reports Calcite's error later
            }
        }
    }

    /**
     * {@code TIMESTAMP 'text'} as DuckDB reads it where Calcite's strict format refuses it: no
     * seconds ({@code '2024-01-05 03:00'}), a {@code T} separator, a trailing zone, 24:00:00.
     */
    @Override
    public SqlLiteral resolveLiteral(SqlLiteral literal) {
        if (literal instanceof SqlUnknownLiteral unknown) {
            SqlLiteral date = isoDate(unknown);
            if (date != null) {
                return date;
            }
        }
        try {
            return super.resolveLiteral(literal);
        } catch (RuntimeException calcite) {
            if (calcite instanceof IllegalArgumentException && literal instanceof SqlUnknownLiteral typed) {
                // Calcite's DateString/TimestampString hold years 1 to 9999 only; a cast reads the rest
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        typed.tag + " literal '" + typed.getValue() + "': " + calcite.getMessage()
                                + "; years past 9999 need a cast: '" + typed.getValue() + "'::" + typed.tag,
                        literal.getParserPosition().getLineNum(),
                        literal.getParserPosition().getColumnNum(),
                        null);
            }
            if (!(literal instanceof SqlUnknownLiteral unknown) || !unknown.tag.equalsIgnoreCase("TIMESTAMP")) {
                throw calcite;
            }
            long micros;
            try {
                micros = DateTimes.parseTimestamp(unknown.getValue().trim());
            } catch (DateTimes.ParseException e) {
                throw calcite;
            }
            long days = Math.floorDiv(micros, DateTimes.MICROS_PER_DAY);
            long timeOfDay = micros - days * DateTimes.MICROS_PER_DAY;
            long year = DateTimes.year(days);
            if (year < 1 || year > 9999) {
                throw calcite; // TimestampString holds four-digit years only
            }
            int fraction = (int) (timeOfDay % DateTimes.MICROS_PER_SECOND);
            int precision = 6;
            for (int rest = fraction; precision > 0 && rest % 10 == 0; rest /= 10) {
                precision--;
            }
            TimestampString timestamp = new TimestampString(
                            (int) year,
                            DateTimes.month(days),
                            DateTimes.dayOfMonth(days),
                            (int) (timeOfDay / DateTimes.MICROS_PER_HOUR),
                            (int) (timeOfDay / DateTimes.MICROS_PER_MINUTE % 60),
                            (int) (timeOfDay / DateTimes.MICROS_PER_SECOND % 60))
                    .withNanos(fraction * 1000);
            return SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP, timestamp, precision, literal.getParserPosition());
        }
    }

    /**
     * {@code DATE 'yyyy-mm-dd'} (the form nearly every date literal has) as Calcite would resolve it,
     * without its parser: that makes a SimpleDateFormat for every literal, a few percent of validating
     * a query with dates. Null for any other literal or spelling, which Calcite then reads; years
     * before 1583 too, where its Julian calendar and ISO dates disagree on what is a valid day.
     */
    static SqlLiteral isoDate(SqlUnknownLiteral literal) {
        String text = literal.getValue();
        if (!literal.tag.equals("DATE") // the parser's tag, always upper case
                || text.length() != 10
                || text.charAt(4) != '-'
                || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 1583
                || month < 1
                || month > 12
                || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null; // -1 (not digits) lands here too
        }
        return SqlLiteral.createDate(new DateString(year, month, day), literal.getParserPosition());
    }

    /** The number the ASCII digits {@code text[from, to)} spell, or -1 if any is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int index = from; index < to; index++) {
            char c = text.charAt(index);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    protected RelDataType validateSelectList(SqlNodeList selectItems, SqlSelect select, RelDataType targetRowType) {
        SqlValidatorScope scope = getSelectScope(select);
        SqlNodeList expanded = new SqlNodeList(selectItems.getParserPosition());
        boolean changed = false;
        for (SqlNode item : selectItems) {
            List<SqlNode> starColumns = UsingJoinStars.expand(this, select, scope, item);
            if (starColumns != null) {
                changed = true;
                starColumns.forEach(column -> expanded.add(storedName(column, scope)));
                continue;
            }
            SqlNode struct = spreadStruct(item, scope);
            if (struct == null) {
                SqlNode named = storedName(item, scope);
                changed |= named != item;
                expanded.add(named);
                continue;
            }
            changed = true;
            spreadMembers(
                    struct, deriveType(scope, struct), isRecursiveUnnest(item), item.getParserPosition(), expanded);
        }
        if (changed) {
            select.setSelectList(expanded);
        }
        return super.validateSelectList(changed ? expanded : selectItems, select, targetRowType);
    }

    /**
     * A column reference written in another case than the column's ({@code mycol} for {@code MyCol})
     * as {@code mycol AS MyCol}: DuckDB names a result column after the column it reads, as stored,
     * while names match ignoring case. Other items are returned as they are.
     */
    private SqlNode storedName(SqlNode item, SqlValidatorScope scope) {
        if (!(item instanceof SqlIdentifier identifier) || identifier.isStar()) {
            return item;
        }
        SqlQualified qualified;
        try {
            qualified = scope.fullyQualify(identifier);
        } catch (RuntimeException e) {
            return item; // not a column in scope: validation says why
        }
        if (qualified.namespace == null || qualified.suffix().size() != 1) {
            return item; // a STRUCT member (s.a) keeps the name as written
        }
        String written = identifier.names.getLast();
        RelDataTypeField field = catalog.nameMatcher().field(qualified.namespace.getRowType(), written);
        if (field == null || field.getName().equals(written)) {
            return item;
        }
        SqlParserPos position = identifier.getParserPosition();
        return SqlStdOperatorTable.AS.createCall(position, identifier, new SqlIdentifier(field.getName(), position));
    }

    /**
     * One column per member of {@code struct}; with {@code recursive} ({@code unnest(s, recursive :=
     * true)}) a member that is a struct spreads in turn, as in DuckDB (lists stay lists).
     */
    private static void spreadMembers(
            SqlNode struct, RelDataType type, boolean recursive, SqlParserPos position, SqlNodeList columns) {
        for (RelDataTypeField member : type.getFieldList()) {
            SqlNode value = SqlStdOperatorTable.ITEM.createCall(
                    position, struct, SqlLiteral.createCharString(member.getName(), position));
            if (recursive && member.getType().getSqlTypeName() == SqlTypeName.ROW) {
                spreadMembers(value, member.getType(), true, position, columns);
            } else {
                columns.add(SqlStdOperatorTable.AS.createCall(
                        position, value, new SqlIdentifier(member.getName(), position)));
            }
        }
    }

    /** Whether the item is {@code unnest(…, recursive := true)} (a negative depth). */
    private static boolean isRecursiveUnnest(SqlNode item) {
        SqlNode node = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
        return node instanceof SqlBasicCall call
                && call.getOperator() == NestedSyntax.UNNEST
                && call.operandCount() > 1
                && call.operand(1) instanceof SqlLiteral depth
                && depth.intValue(true) < 0;
    }

    /** The STRUCT an item spreads over columns, or null when it is an ordinary item. */
    private SqlNode spreadStruct(SqlNode item, SqlValidatorScope scope) {
        SqlNode node = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
        if (node instanceof SqlIdentifier identifier && identifier.isStar() && identifier.names.size() == 2) {
            SqlIdentifier prefix = identifier.getComponent(0);
            SqlValidatorScope.ResolvedImpl tables = new SqlValidatorScope.ResolvedImpl();
            scope.resolveTable(prefix.names, catalog.nameMatcher(), SqlValidatorScope.Path.EMPTY, tables);
            if (tables.count() > 0 || !isColumn(prefix, scope)) {
                return null; // t.*: Calcite's own star
            }
            return deriveType(scope, prefix).getSqlTypeName() == SqlTypeName.ROW ? prefix : null;
        }
        if (node instanceof SqlBasicCall call && call.getOperator() == NestedSyntax.UNNEST) {
            RelDataType operand = deriveType(scope, call.operand(0));
            if (operand.getSqlTypeName() == SqlTypeName.ROW) {
                return call.operand(0); // unnest(struct): its members, one row
            }
            boolean recursive =
                    call.operandCount() > 1 && call.operand(1) instanceof SqlLiteral depth && depth.intValue(true) < 0;
            if (recursive && deriveType(scope, call).getSqlTypeName() == SqlTypeName.ROW) {
                return call; // unnest(list of structs, recursive := true): members of each element
            }
        }
        return null;
    }

    /** Whether {@code identifier} names a column in scope (without failing when it does not). */
    private static boolean isColumn(SqlIdentifier identifier, SqlValidatorScope scope) {
        try {
            return scope.fullyQualify(identifier) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
