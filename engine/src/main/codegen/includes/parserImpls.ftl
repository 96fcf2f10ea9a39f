<#--
  Quiver's additions to Calcite's SQL grammar (Parser.jj), included by config.fmpp.

  Statements:
    CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name ( column type [NOT NULL | NULL] [, ...] )
    CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name AS query
    DROP TABLE | VIEW | SCHEMA | SEQUENCE [IF EXISTS] name [CASCADE | RESTRICT]
    CREATE SCHEMA [IF NOT EXISTS] name
    CREATE [OR REPLACE] [TEMP] SEQUENCE [IF NOT EXISTS] name [START [WITH] n] [INCREMENT [BY] n]
        [MINVALUE n | NO MINVALUE] [MAXVALUE n | NO MAXVALUE] [CYCLE | NO CYCLE]
    CREATE [OR REPLACE] [AGGREGATE] FUNCTION [IF NOT EXISTS] name ( [argname] type [, ...] ) RETURNS type
        clause ...   where the clauses, in any order, are
      (or, not for AGGREGATE, a table function: ... RETURNS TABLE ( colname type [, ...] ) clause ...)
        LANGUAGE PYTHON                                            (required)
        AS 'body' | AS $$body$$                                    (required)
        IMMUTABLE | STABLE | VOLATILE
        CALLED ON NULL INPUT | RETURNS NULL ON NULL INPUT | STRICT
        HANDLER 'name'
        KIND SCALAR | KIND VECTORIZED
        ON ERROR RAISE | ON ERROR NULL
        WITH ( handler = 'name', kind = 'scalar' | 'vectorized', on_error = 'raise' | 'null' )
    DROP [AGGREGATE] FUNCTION [IF EXISTS] name
    SHOW TABLES [FROM alias] | SHOW ALL TABLES | SHOW DATABASES | SHOW FUNCTIONS [FROM python | builtin]
    SHOW name | DESCRIBE name | DESCRIBE query | SUMMARIZE name | SUMMARIZE query
    ATTACH [DATABASE] [IF NOT EXISTS] 'file.duckdb' [AS alias] [( option [value] [, ...] )]
    DETACH [DATABASE] [IF EXISTS] alias
    EXPLAIN [ANALYZE] query-or-DML  (DuckDB's form; Calcite's EXPLAIN PLAN ... FOR works as before)

  Expressions: expr::type, DuckDB's postfix cast (InfixCast, rewritten to CAST by the validator).

  Lexical: $$ ... $$ is a string literal (no escapes; it ends at the first $$). A $$ with no
  closing $$ is a token of its own that no rule accepts.
  Types: DuckDB's aliases (see ParserSupport.duckDbTypeAlias); FLOAT is 4-byte REAL, as in DuckDB;
  TIMESTAMPTZ and TIMESTAMP WITH TIME ZONE are TIMESTAMP WITH LOCAL TIME ZONE; BINARY (without a
  length) is VARBINARY; HUGEINT and UHUGEINT are DECIMAL(38,0). TIMESTAMPTZ '...' is a CAST.
  INTERVAL is DuckDB's one interval type (IntervalTypeNameSpec); INTERVAL '1 day' (units in the
  string) is a CAST of the string to it, INTERVAL '1' DAY stays Calcite's literal.
-->

<DEFAULT, DQID, BTID, BQID, BQHID> TOKEN :
{
    // Declared before IDENTIFIER ('$' is a letter in Calcite's identifiers), so on a tie, such as
    // $$abc$$, this token wins.
    < DOLLAR_QUOTED_STRING: "$$" ( ~["$"] | ( "$" ~["$"] ) )* "$$" >
|
    // A "$$" that no closing "$$" follows. No production accepts it, so it always fails the parse,
    // where SqlParsing reports it as an unterminated $$ string (instead of an identifier named $$).
    < LONE_DOUBLE_DOLLAR: "$$" >
|
    // DuckDB's INTERVAL '1 day' (the units inside the string): one token, longer than the keyword
    // INTERVAL, so the literal productions see it instead of Calcite's INTERVAL '1' DAY, which
    // IntervalStringLiteral() still accepts with its qualifier.
    < INTERVAL_STRING: "INTERVAL" ( [" ", "\t", "\n", "\r"] )+ "'" ( (~["'"]) | ("''") )* "'" >
|
    // DuckDB's numbered parameter $1, $2, ...: declared before IDENTIFIER (which '$' may start), so
    // on a tie this token wins; $1abc is still the longer identifier.
    < DOLLAR_PARAMETER: "$" ( ["0"-"9"] )+ >
}

/** Parses a $$ ... $$ string into its text, without the dollars. */
String DollarQuotedString() :
{
}
{
    <DOLLAR_QUOTED_STRING> {
        return token.image.substring(2, token.image.length() - 2);
    }
}

/**
 * A $$ ... $$ string as a character literal, so it can stand wherever 'abc' can; or DuckDB's typed
 * literal whose type name Calcite does not know, TIMESTAMPTZ '...', as a CAST of the string.
 */
SqlNode DollarQuotedStringLiteral() :
{
    final String text;
    final SqlTypeName typeName;
    final Span s;
    final SqlNode interval;
}
{
    text = DollarQuotedString() {
        return SqlLiteral.createCharString(text, getPos());
    }
|
    LOOKAHEAD({ getToken(1).kind == IDENTIFIER && getToken(2).kind == QUOTED_STRING
        && ParserSupport.duckDbLiteralType(getToken(1).image) != null })
    <IDENTIFIER> { s = span(); typeName = ParserSupport.duckDbLiteralType(token.image); }
    <QUOTED_STRING> {
        return SqlStdOperatorTable.CAST.createCall(s.end(this),
            SqlLiteral.createCharString(SqlParserUtil.parseString(token.image), s.end(this)),
            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(typeName, s.end(this)), s.end(this)));
    }
|
    interval = IntervalStringLiteral() { return interval; }
}

/**
 * INTERVAL 'text' [qualifier]: with a qualifier Calcite's interval literal, without one DuckDB's
 * (a CAST of the text to INTERVAL, units inside: '2 months 3 days 04:05:06').
 */
SqlNode IntervalStringLiteral() :
{
    final Span s;
    final String text;
    SqlIntervalQualifier qualifier = null;
}
{
    <INTERVAL_STRING> {
        s = span();
        text = SqlParserUtil.parseString(token.image.substring(token.image.indexOf('\'')));
    }
    [ qualifier = IntervalQualifier() ]
    {
        if (qualifier != null) {
            return SqlParserUtil.parseIntervalLiteral(s.end(this), 1, text, qualifier);
        }
        return SqlStdOperatorTable.CAST.createCall(s.end(this),
            SqlLiteral.createCharString(text, s.end(this)),
            new SqlDataTypeSpec(new IntervalTypeNameSpec(s.end(this)), s.end(this)));
    }
}

/** A string value in DDL: '...' (with '' for a quote) or $$ ... $$. */
String QuiverStringValue() :
{
    final String text;
}
{
    (
        text = SimpleStringLiteral()
    |
        text = DollarQuotedString()
    )
    { return text; }
}

/**
 * A type as DuckDB writes it, tried before Calcite's own type names: DuckDB's aliases, STRUCT(a T,
 * ...), MAP(K, V), LIST(T) or a standard type name, then any number of [] suffixes (LIST of it)
 * or [n] suffixes (fixed-size ARRAY of n of it).
 */
SqlTypeNameSpec DuckDbType() :
{
    SqlTypeNameSpec type;
    final Span s = Span.of();
}
{
    (
        LOOKAHEAD(2)
        type = DuckDbTypeAlias()
    |
        LOOKAHEAD({ getToken(2).kind == LPAREN && getToken(1).kind == IDENTIFIER
            && getToken(1).image.equalsIgnoreCase("STRUCT") })
        type = DuckDbStructType()
    |
        LOOKAHEAD({ getToken(2).kind == LPAREN && getToken(1).kind == IDENTIFIER
            && getToken(1).image.equalsIgnoreCase("LIST") })
        <IDENTIFIER> <LPAREN> type = DuckDbListElement() <RPAREN>
    |
        LOOKAHEAD(2)
        <MAP> <LPAREN> type = DuckDbMapType()
    |
        type = SqlTypeName(s)
    )
    (
        <LBRACKET>
        (
            <UNSIGNED_INTEGER_LITERAL> {
                type = new FixedArrayTypeNameSpec(type, ParserSupport.arraySize(token.image, getPos()), getPos());
            }
        |
            { type = new SqlCollectionTypeNameSpec(type, SqlTypeName.ARRAY, getPos()); }
        )
        <RBRACKET>
    )*
    {
        return type;
    }
}

/** The element type inside LIST(...), as a collection of it. */
SqlTypeNameSpec DuckDbListElement() :
{
    final SqlDataTypeSpec element;
}
{
    element = DataType() {
        return new SqlCollectionTypeNameSpec(element.getTypeNameSpec(), SqlTypeName.ARRAY, getPos());
    }
}

/** STRUCT(name type, ...): DuckDB's struct type, Calcite's ROW type. */
SqlTypeNameSpec DuckDbStructType() :
{
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    final List<SqlDataTypeSpec> types = new ArrayList<SqlDataTypeSpec>();
    SqlIdentifier name;
    SqlDataTypeSpec type;
    final Span s;
}
{
    <IDENTIFIER> { s = span(); } <LPAREN>
    name = SimpleIdentifier() type = DataType() {
        names.add(name);
        types.add(type.withNullable(true));
    }
    (
        <COMMA> name = SimpleIdentifier() type = DataType() {
            names.add(name);
            types.add(type.withNullable(true));
        }
    )*
    <RPAREN>
    {
        return new SqlRowTypeNameSpec(s.end(this), names, types);
    }
}

/** After MAP(: the key and value types and the closing parenthesis. */
SqlTypeNameSpec DuckDbMapType() :
{
    final SqlDataTypeSpec key;
    final SqlDataTypeSpec value;
}
{
    key = DataType() <COMMA> value = DataType() <RPAREN>
    {
        return new SqlMapTypeNameSpec(key.withNullable(false), value.withNullable(true), getPos());
    }
}

/**
 * DuckDB's list literal [a, b, ...]: a call of list_value; or its list comprehension
 * [result FOR x[, i] IN list [IF condition]] (NestedSyntax.listComprehension).
 */
SqlNode ListLiteral() :
{
    final List<SqlNode> elements = new ArrayList<SqlNode>();
    final List<SqlIdentifier> parameters = new ArrayList<SqlIdentifier>();
    SqlNode element;
    SqlIdentifier parameter;
    SqlNode list;
    SqlNode condition = null;
    final Span s;
}
{
    <LBRACKET> { s = span(); }
    [
        element = Expression(ExprContext.ACCEPT_NON_QUERY) { elements.add(element); }
        (
            <FOR> parameter = SimpleIdentifier() { parameters.add(parameter); }
            ( <COMMA> parameter = SimpleIdentifier() { parameters.add(parameter); } )*
            <IN> list = Expression(ExprContext.ACCEPT_NON_QUERY)
            [ <IF> condition = Expression(ExprContext.ACCEPT_NON_QUERY) ]
            <RBRACKET>
            {
                return NestedSyntax.listComprehension(s.end(this), element, parameters, list, condition);
            }
        |
            (
                LOOKAHEAD(2) <COMMA> element = Expression(ExprContext.ACCEPT_NON_QUERY) { elements.add(element); }
            )*
            [ <COMMA> ] // DuckDB allows a trailing comma: [1, 2,]
        )
    ]
    <RBRACKET>
    {
        return NestedSyntax.listValue(s.end(this), elements);
    }
}

/** DuckDB's struct literal {'name': value, ...} (names may also be identifiers). */
SqlNode StructLiteral() :
{
    final List<SqlNode> operands = new ArrayList<SqlNode>();
    final Span s;
}
{
    <LBRACE> { s = span(); }
    StructMember(operands)
    ( LOOKAHEAD(2) <COMMA> StructMember(operands) )*
    [ <COMMA> ] // DuckDB allows a trailing comma: {'a': 1,}
    <RBRACE>
    {
        return NestedSyntax.structValue(s.end(this), operands);
    }
}

void StructMember(List<SqlNode> operands) :
{
    final String name;
    final SqlIdentifier identifier;
    final SqlNode value;
}
{
    (
        name = SimpleStringLiteral() {
            operands.add(SqlLiteral.createCharString(name, getPos()));
        }
    |
        identifier = SimpleIdentifier() {
            operands.add(SqlLiteral.createCharString(identifier.getSimple(), getPos()));
        }
    )
    <COLON> value = Expression(ExprContext.ACCEPT_NON_QUERY) { operands.add(value); }
}

/** DuckDB's map literal MAP {key: value, ...}: Calcite's MAP[key, value, ...]. */
SqlNode MapLiteral() :
{
    final List<SqlNode> operands = new ArrayList<SqlNode>();
    SqlNode key;
    SqlNode value;
    final Span s;
}
{
    <MAP> { s = span(); } <LBRACE>
    [
        key = Expression(ExprContext.ACCEPT_NON_QUERY) <COLON> value = Expression(ExprContext.ACCEPT_NON_QUERY) {
            operands.add(key);
            operands.add(value);
        }
        (
            LOOKAHEAD(2) <COMMA> key = Expression(ExprContext.ACCEPT_NON_QUERY) <COLON>
            value = Expression(ExprContext.ACCEPT_NON_QUERY) {
                operands.add(key);
                operands.add(value);
            }
        )*
        [ <COMMA> ] // DuckDB allows a trailing comma: MAP {1: 2,}
    ]
    <RBRACE>
    {
        return NestedSyntax.mapValue(s.end(this), operands);
    }
}

/**
 * DuckDB's unnest(list [, recursive := b] [, max_depth := n]) in an expression (in FROM, UNNEST is
 * Calcite's table reference, which the parser tries first). DuckDB's := reaches the parser as
 * Calcite's => (see LateralTableFunctions).
 */
SqlNode UnnestCall() :
{
    final List<SqlNode> operands = new ArrayList<SqlNode>();
    SqlNode e;
    SqlIdentifier name;
    final Span s;
}
{
    <UNNEST> { s = span(); } <LPAREN>
    e = Expression(ExprContext.ACCEPT_SUB_QUERY) { operands.add(e); }
    (
        <COMMA>
        name = SimpleIdentifier() // RECURSIVE too: a name (config.fmpp)
        <NAMED_ARGUMENT_ASSIGNMENT> e = Expression(ExprContext.ACCEPT_NON_QUERY) {
            operands.add(SqlLiteral.createCharString(name.getSimple(), getPos()));
            operands.add(e);
        }
    )*
    <RPAREN>
    {
        return NestedSyntax.unnest(s.end(this), operands);
    }
}

/** DuckDB type names that Calcite's DataType() does not know; tried before Calcite's own. */
SqlTypeNameSpec DuckDbTypeAlias() :
{
    final SqlTypeName typeName;
    Span intervalStart;
}
{
    (
        <FLOAT> { typeName = SqlTypeName.REAL; }
    |
        <BLOB> { typeName = SqlTypeName.VARBINARY; }
    |
        // DuckDB's BINARY is a BLOB, not a fixed-length string of bytes
        LOOKAHEAD({ getToken(1).kind == BINARY
            && getToken(2).kind != VARYING && getToken(2).kind != LPAREN })
        <BINARY> { typeName = SqlTypeName.VARBINARY; }
    |
        // TIMESTAMP WITH TIME ZONE is DuckDB's TIMESTAMPTZ: UTC instants shown in the session's zone
        <TIMESTAMP> <WITH> [ <LOCAL> ] <TIME> <ZONE> { typeName = SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE; }
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER
            && ParserSupport.isHugeint(getToken(1).image) })
        <IDENTIFIER> {
            // DuckDB's 128-bit HUGEINT (and UHUGEINT) as Quiver's widest DECIMAL, remembering the name
            return new HugeintTypeNameSpec(getPos());
        }
    |
        <DATETIME> { typeName = SqlTypeName.TIMESTAMP; }
    |
        // DuckDB's one INTERVAL type (months, days, microseconds); a qualifier changes nothing
        <INTERVAL> { intervalStart = span(); } [ IntervalQualifier() ] {
            return new IntervalTypeNameSpec(intervalStart.end(this));
        }
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER
            && ParserSupport.duckDbTypeAlias(getToken(1).image) != null })
        <IDENTIFIER> { typeName = ParserSupport.duckDbTypeAlias(token.image); }
    )
    {
        return new SqlBasicTypeNameSpec(typeName, getPos());
    }
}

boolean IfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/**
 * After CREATE [OR REPLACE]: [TEMP | TEMPORARY] TABLE, VIEW or SEQUENCE (one production, because
 * TEMP starts all three).
 */
SqlCreate CreateTableStatement(Span s, boolean replace) :
{
    boolean temporary = false;
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    SqlNode query = null;
    final SqlCreate create;
}
{
    [ ( <TEMP> | <TEMPORARY> ) { temporary = true; } ]
    (
        <TABLE> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
        (
            columns = ColumnDeclarationList()
        |
            <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        )
        {
            if (replace && ifNotExists) {
                throw ParserSupport.error(s.end(this),
                    "OR REPLACE and IF NOT EXISTS cannot be used together");
            }
            return new SqlCreateTable(s.end(this), replace, ifNotExists, temporary, name, columns, query);
        }
    |
        create = CreateViewStatement(s, replace, temporary) { return create; }
    |
        create = CreateSequenceStatement(s, replace, temporary) { return create; }
    )
}

/** After CREATE [OR REPLACE]: SCHEMA [IF NOT EXISTS] name. */
SqlCreate CreateSchemaStatement(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
}
{
    <SCHEMA> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier() {
        return new SqlCreateSchema(s.end(this), replace, ifNotExists, name);
    }
}

/**
 * After CREATE [OR REPLACE] [TEMP]: SEQUENCE [IF NOT EXISTS] name followed, in any order, by
 * START [WITH] n, INCREMENT [BY] n, MINVALUE n | NO MINVALUE, MAXVALUE n | NO MAXVALUE,
 * CYCLE | NO CYCLE (DuckDB's options).
 */
SqlCreate CreateSequenceStatement(Span s, boolean replace, boolean temporary) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final Map<String, SqlNode> options = new java.util.LinkedHashMap<String, SqlNode>();
    SqlNode value;
}
{
    <SEQUENCE> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    (
        <START> [ <WITH> ] value = SequenceNumber() { options.put("START", value); }
    |
        <INCREMENT> [ <BY> ] value = SequenceNumber() { options.put("INCREMENT", value); }
    |
        <MINVALUE> value = SequenceNumber() { options.put("MINVALUE", value); }
    |
        <MAXVALUE> value = SequenceNumber() { options.put("MAXVALUE", value); }
    |
        <CYCLE> { options.put("CYCLE", SqlLiteral.createBoolean(true, getPos())); }
    |
        <NO>
        (
            <MINVALUE> { options.put("MINVALUE", null); }
        |
            <MAXVALUE> { options.put("MAXVALUE", null); }
        |
            <CYCLE> { options.put("CYCLE", SqlLiteral.createBoolean(false, getPos())); }
        )
    )*
    {
        if (replace && ifNotExists) {
            throw ParserSupport.error(s.end(this),
                "OR REPLACE and IF NOT EXISTS cannot be used together");
        }
        return new SqlCreateSequence(s.end(this), replace, ifNotExists, temporary, name, options);
    }
}

/** A sequence option's value: an integer, with an optional sign. */
SqlNode SequenceNumber() :
{
    boolean negative = false;
    final SqlNumericLiteral value;
}
{
    [ <MINUS> { negative = true; } | <PLUS> ]
    value = UnsignedNumericLiteral() {
        return negative ? SqlLiteral.createNegative(value, value.getParserPosition()) : value;
    }
}

/** [CASCADE | RESTRICT] after DROP ... name: true for CASCADE. */
boolean DropBehaviorOpt() :
{
}
{
    <CASCADE> { return true; }
|
    <RESTRICT> { return false; }
|
    { return false; }
}

SqlNodeList ColumnDeclarationList() :
{
    final Span s;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    ColumnOrTableConstraint(columns)
    ( <COMMA> ColumnOrTableConstraint(columns) )*
    <RPAREN> {
        return new SqlNodeList(columns, s.end(this));
    }
}

/** A column, or (issue 13) a table constraint: [CONSTRAINT name] PRIMARY KEY (..) | UNIQUE (..) | CHECK (..). */
void ColumnOrTableConstraint(List<SqlNode> columns) :
{
    final Span s;
    final List<SqlIdentifier> keyColumns = new ArrayList<SqlIdentifier>();
    SqlIdentifier keyColumn;
    final SqlTableConstraint.Kind kind;
    final SqlNode condition;
}
{
    (
        [ <CONSTRAINT> SimpleIdentifier() ]
        (
            (
                <PRIMARY> { s = span(); } <KEY> { kind = SqlTableConstraint.Kind.PRIMARY_KEY; }
            |
                <UNIQUE> { s = span(); kind = SqlTableConstraint.Kind.UNIQUE; }
            )
            <LPAREN> keyColumn = SimpleIdentifier() { keyColumns.add(keyColumn); }
            ( <COMMA> keyColumn = SimpleIdentifier() { keyColumns.add(keyColumn); } )*
            <RPAREN> {
                columns.add(SqlTableConstraint.key(s.end(this), kind, keyColumns));
            }
        |
            <CHECK> { s = span(); } <LPAREN> condition = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> {
                columns.add(SqlTableConstraint.check(s.end(this), condition));
            }
        )
    |
        ColumnDeclaration(columns)
    )
}

void ColumnDeclaration(List<SqlNode> columns) :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    boolean notNull = false;
    Span s;
    SqlNode condition;
    final List<SqlNode> constraints = new ArrayList<SqlNode>();
    SqlNode defaultValue = null;
}
{
    name = SimpleIdentifier()
    type = DataType()
    (
        // DEFAULT expr (issue 13)
        <DEFAULT_> defaultValue = Expression(ExprContext.ACCEPT_NON_QUERY)
    |
        <NOT> <NULL> { notNull = true; }
    |
        <NULL>
    |
        // column constraints (issue 13): a key on this column, or a CHECK
        <PRIMARY> { s = span(); } <KEY> {
            notNull = true;
            constraints.add(SqlTableConstraint.key(s.end(this), SqlTableConstraint.Kind.PRIMARY_KEY, List.of(name)));
        }
    |
        <UNIQUE> {
            constraints.add(SqlTableConstraint.key(getPos(), SqlTableConstraint.Kind.UNIQUE, List.of(name)));
        }
    |
        <CHECK> { s = span(); } <LPAREN> condition = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> {
            constraints.add(SqlTableConstraint.check(s.end(this), condition));
        }
    )*
    {
        columns.add(new SqlColumnDeclaration(
            Span.of(name).end(this), name, type.withNullable(!notNull), notNull, defaultValue));
        columns.addAll(constraints);
    }
}

SqlDrop DropTableStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    final boolean cascade;
}
{
    <TABLE> ifExists = IfExistsOpt() name = CompoundIdentifier() cascade = DropBehaviorOpt() {
        return new SqlDropTable(s.end(this), ifExists, name, cascade);
    }
}

/** After DROP: SCHEMA | SEQUENCE [IF EXISTS] name [CASCADE | RESTRICT]. */
SqlDrop DropSchemaOrSequenceStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    final boolean cascade;
}
{
    <SCHEMA> ifExists = IfExistsOpt() name = CompoundIdentifier() cascade = DropBehaviorOpt() {
        return new SqlDropSchema(s.end(this), ifExists, name, cascade);
    }
|
    <SEQUENCE> ifExists = IfExistsOpt() name = CompoundIdentifier() cascade = DropBehaviorOpt() {
        return new SqlDropSequence(s.end(this), ifExists, name, cascade);
    }
}

SqlCreate CreateFunctionStatement(Span s, boolean replace) :
{
    final SqlCreate create;
}
{
    <FUNCTION> create = FunctionDefinition(s, replace, new FunctionClauses()) { return create; }
}

/** CREATE [OR REPLACE] AGGREGATE FUNCTION ...: the same clauses, a handler class (FunctionOptions.Kind.AGGREGATE). */
SqlCreate CreateAggregateFunctionStatement(Span s, boolean replace) :
{
    final SqlCreate create;
}
{
    <AGGREGATE> <FUNCTION> create = FunctionDefinition(s, replace, new FunctionClauses(true)) { return create; }
}

/** Everything after CREATE [OR REPLACE] [AGGREGATE] FUNCTION. */
SqlCreate FunctionDefinition(Span s, boolean replace, FunctionClauses clauses) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final Span parametersSpan;
    final SqlNodeList parameterList;
    final List<SqlNode> parameters = new ArrayList<SqlNode>();
    SqlDataTypeSpec returnType = null;
    SqlNodeList resultColumns = null;
}
{
    ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    <LPAREN> { parametersSpan = span(); }
    [
        FunctionParameter(parameters)
        ( <COMMA> FunctionParameter(parameters) )*
    ]
    <RPAREN> { parameterList = new SqlNodeList(parameters, parametersSpan.end(this)); }
    <RETURNS>
    (
        resultColumns = TableFunctionResult(clauses)
    |
        returnType = DataType()
    )
    ( FunctionClause(clauses) )+
    {
        if (replace && ifNotExists) {
            throw ParserSupport.error(s.end(this),
                "OR REPLACE and IF NOT EXISTS cannot be used together");
        }
        // Reported where the missing clause could have stood: the token after the statement.
        clauses.checkComplete(ParserSupport.position(getToken(1)));
        return new SqlCreateFunction(s.end(this), replace, ifNotExists, name,
            parameterList, returnType, resultColumns,
            clauses.body(), clauses.options());
    }
}

// ---- Table functions (RETURNS TABLE): begin ----------------------------------------------------

/** TABLE ( colname type [, ...] ): a table function's result columns. */
SqlNodeList TableFunctionResult(FunctionClauses clauses) :
{
    final Span s;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
}
{
    <TABLE> { s = span(); clauses.table(getPos()); }
    <LPAREN>
    TableFunctionResultColumn(columns)
    ( <COMMA> TableFunctionResultColumn(columns) )*
    <RPAREN>
    { return new SqlNodeList(columns, s.end(this)); }
}

/** One result column: name type (the name is required). */
void TableFunctionResultColumn(List<SqlNode> columns) :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
}
{
    name = SimpleIdentifier() type = DataType() {
        columns.add(new SqlFunctionParameter(Span.of(name, type).pos(), name, type));
    }
}

// ---- Table functions (RETURNS TABLE): end ------------------------------------------------------

/**
 * One parameter: [name] type, or [name] TABLE (a table function's table argument). A lone
 * identifier is a type (DuckDB's TEXT, or an unknown one).
 */
void FunctionParameter(List<SqlNode> parameters) :
{
    SqlIdentifier name = null;
    final SqlDataTypeSpec type;
    final Span s;
}
{
    [
        LOOKAHEAD(SimpleIdentifier() (<TABLE> | DataType()))
        name = SimpleIdentifier()
    ]
    (
        <TABLE> {
            s = span();
            parameters.add(SqlFunctionParameter.table(
                name == null ? s.end(this) : Span.of(name.getParserPosition()).end(this), name));
        }
    |
        type = DataType() {
            parameters.add(new SqlFunctionParameter(
                name == null ? type.getParserPosition() : Span.of(name, type).pos(), name, type));
        }
    )
}

/** One clause after RETURNS type; FunctionClauses rejects repeated or conflicting ones. */
void FunctionClause(FunctionClauses clauses) :
{
    final SqlIdentifier language;
    final String text;
    final Span s;
}
{
    <LANGUAGE> { s = span(); } language = SimpleIdentifier() {
        clauses.language(language, s.end(this));
    }
|
    <AS> { s = span(); } text = QuiverStringValue() {
        clauses.body(text, s.end(this));
    }
|
    <IMMUTABLE> { clauses.volatility(FunctionOptions.Volatility.IMMUTABLE, getPos()); }
|
    <STABLE> { clauses.volatility(FunctionOptions.Volatility.STABLE, getPos()); }
|
    <VOLATILE> { clauses.volatility(FunctionOptions.Volatility.VOLATILE, getPos()); }
|
    <CALLED> { s = span(); } <ON> <NULL> <INPUT> {
        clauses.nullInput(FunctionOptions.NullInput.CALLED_ON_NULL_INPUT, s.end(this));
    }
|
    <RETURNS> { s = span(); } <NULL> <ON> <NULL> <INPUT> {
        clauses.nullInput(FunctionOptions.NullInput.RETURNS_NULL_ON_NULL_INPUT, s.end(this));
    }
|
    <STRICT> {
        clauses.nullInput(FunctionOptions.NullInput.RETURNS_NULL_ON_NULL_INPUT, getPos());
    }
|
    <HANDLER> { s = span(); } text = QuiverStringValue() {
        clauses.handler(text, s.end(this));
    }
|
    <KIND> { s = span(); }
    (
        <SCALAR> { clauses.kind(FunctionOptions.Kind.SCALAR, s.end(this)); }
    |
        <VECTORIZED> { clauses.kind(FunctionOptions.Kind.VECTORIZED, s.end(this)); }
    )
|
    <ON> { s = span(); } <ERROR>
    (
        <RAISE> { clauses.onError(FunctionOptions.OnError.RAISE, s.end(this)); }
    |
        <NULL> { clauses.onError(FunctionOptions.OnError.NULL, s.end(this)); }
    )
|
    <WITH> <LPAREN>
    WithOption(clauses)
    ( <COMMA> WithOption(clauses) )*
    <RPAREN>
|
    // Anything else that looks like a word: name it in the error rather than listing every clause.
    <IDENTIFIER> {
        throw ParserSupport.error(getPos(), "unknown CREATE FUNCTION option '" + token.image
            + "'; expected LANGUAGE, AS, IMMUTABLE, STABLE, VOLATILE, CALLED ON NULL INPUT,"
            + " RETURNS NULL ON NULL INPUT, STRICT, HANDLER, KIND, ON ERROR or WITH (...)");
    }
}

/** key = 'value' inside WITH ( ... ): handler, kind or on_error. */
void WithOption(FunctionClauses clauses) :
{
    final SqlIdentifier key;
    final String value;
}
{
    key = SimpleIdentifier() <EQ> value = QuiverStringValue() {
        clauses.withOption(key, value, Span.of(key).end(this));
    }
}

SqlDrop DropFunctionStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    boolean aggregate = false;
}
{
    [ <AGGREGATE> { aggregate = true; } ]
    <FUNCTION> ifExists = IfExistsOpt() name = CompoundIdentifier() {
        return new SqlDropFunction(s.end(this), ifExists, name, aggregate);
    }
}

SqlNode ShowStatement() :
{
    final Span s;
    SqlIdentifier database = null;
    final SqlIdentifier table;
}
{
    <SHOW> { s = span(); }
    (
        <TABLES>
        [
            <FROM> database = SimpleIdentifier()
        ]
        { return new SqlShow(s.end(this), SqlShow.What.TABLES, database); }
    |
        <ALL> <TABLES> { return new SqlShow(s.end(this), SqlShow.What.ALL_TABLES); }
    |
        // SHOW name: the columns of a table or view, as DESCRIBE name tells them
        LOOKAHEAD({ getToken(1).kind != DATABASES && getToken(1).kind != FUNCTIONS })
        table = CompoundIdentifier() {
            return new SqlDescribe(s.end(this), SqlDescribe.What.SHOW, ParserSupport.selectAll(table), true);
        }
    |
        <DATABASES> { return new SqlShow(s.end(this), SqlShow.What.DATABASES); }
    |
        <FUNCTIONS>
        [
            <FROM> database = SimpleIdentifier()
        ]
        { return new SqlShow(s.end(this), SqlShow.What.FUNCTIONS, database); }
    )
}

/**
 * DuckDB's DESCRIBE name | query and SUMMARIZE name | query (SUMMARIZE is no keyword: an identifier
 * spelled so). A name alone is a table or view, read as SELECT * FROM name.
 */
SqlNode DescribeStatement() :
{
    final Span s;
    final SqlDescribe.What what;
    final SqlIdentifier table;
    final SqlNode query;
}
{
    (
        <DESCRIBE> { what = SqlDescribe.What.DESCRIBE; }
    |
        LOOKAHEAD({ ParserSupport.isWord(getToken(1), "SUMMARIZE") })
        <IDENTIFIER> { what = SqlDescribe.What.SUMMARIZE; }
    )
    { s = span(); }
    (
        LOOKAHEAD(CompoundIdentifier() (<EOF> | <SEMICOLON>))
        table = CompoundIdentifier() {
            return new SqlDescribe(s.end(this), what, ParserSupport.selectAll(table), true);
        }
    |
        query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
            return new SqlDescribe(s.end(this), what, query, false);
        }
    )
}

/**
 * DuckDB's replacement scan: a quoted file name stands for a table, FROM 'data.parquet' as
 * FROM read_parquet('data.parquet') (read_csv for .csv and .tsv, compressed or not; globs too), its
 * alias the file's name without directory and extension unless one is written.
 */
SqlNode FileTableRef() :
{
    final String path;
    final Span s;
    SqlIdentifier alias = null;
    SqlNodeList columnAliases = null;
}
{
    <QUOTED_STRING> { s = span(); path = SqlParserUtil.parseString(token.image); }
    [
        LOOKAHEAD(1, { getToken(1).kind != PARTITION || getToken(2).kind != BY })
        [ <AS> ] alias = SimpleIdentifier()
        [ columnAliases = ParenthesizedSimpleIdentifierList() ]
    ]
    {
        final SqlParserPos pos = s.end(this);
        final SqlIdentifier reader = new SqlIdentifier(ParserSupport.fileReader(path, pos), pos);
        final SqlNode call = createCall(reader, pos, SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION, null,
            Collections.<SqlNode>singletonList(SqlLiteral.createCharString(path, pos)));
        final List<SqlNode> as = new ArrayList<SqlNode>();
        as.add(SqlStdOperatorTable.COLLECTION_TABLE.createCall(pos, call));
        as.add(alias != null ? alias : new SqlIdentifier(ParserSupport.fileAlias(path), pos));
        if (columnAliases != null) {
            as.addAll(columnAliases.getList());
        }
        return SqlStdOperatorTable.AS.createCall(pos, as);
    }
}

/** DuckDB's EXPLAIN statement: the same SqlExplain as Calcite's EXPLAIN PLAN FOR statement. */
SqlNode DuckDbExplain() :
{
    final Span s;
    final SqlNode stmt;
    boolean analyze = false;
}
{
    <EXPLAIN> { s = span(); }
    [
        // ANALYZE is no keyword of Calcite's: an identifier spelled so.
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "ANALYZE".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { analyze = true; }
    ]
    (
        // Leaves EXPLAIN PLAN ... to Calcite's rule (PLAN could otherwise start an expression).
        LOOKAHEAD({ getToken(1).kind != PLAN })
        stmt = SqlQueryOrDml()
    |
        UnusedExtension() { stmt = null; }
    )
    {
        if (analyze) {
            return new SqlExplainAnalyze(s.end(this), stmt, nDynamicParams);
        }
        return new SqlExplain(s.end(this), stmt,
            SqlExplainLevel.EXPPLAN_ATTRIBUTES.symbol(SqlParserPos.ZERO),
            SqlExplain.Depth.PHYSICAL.symbol(SqlParserPos.ZERO),
            SqlExplainFormat.TEXT.symbol(SqlParserPos.ZERO),
            nDynamicParams);
    }
}

/** DuckDB's ATTACH; which options are allowed is the executor's business (Quiver reads only). */
SqlNode AttachStatement() :
{
    final Span s;
    final boolean ifNotExists;
    final SqlNode path;
    SqlIdentifier alias = null;
    final List<SqlNode> options = new ArrayList<SqlNode>();
    final Span optionsSpan;
}
{
    <ATTACH> { s = span(); }
    [ <DATABASE> ]
    ifNotExists = IfNotExistsOpt()
    path = StringLiteral()
    [
        <AS> alias = SimpleIdentifier()
    ]
    { optionsSpan = span(); }
    [
        <LPAREN>
        AttachOption(options)
        ( <COMMA> AttachOption(options) )*
        <RPAREN>
    ]
    {
        return new SqlAttach(s.end(this), ifNotExists, (SqlLiteral) path, alias,
            new SqlNodeList(options, optionsSpan.end(this)));
    }
}

/** name [value]: READ_ONLY, READ_ONLY false, TYPE duckdb. Adds the name and the value (or null). */
void AttachOption(List<SqlNode> options) :
{
    final SqlIdentifier name;
    SqlNode value = null;
}
{
    name = SimpleIdentifier()
    [
        value = SimpleIdentifier()
    |
        value = Literal()
    ]
    {
        options.add(name);
        options.add(value);
    }
}

SqlNode DetachStatement() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier alias;
}
{
    <DETACH> { s = span(); }
    [ <DATABASE> ]
    ifExists = IfExistsOpt()
    alias = SimpleIdentifier()
    {
        return new SqlDetach(s.end(this), ifExists, alias);
    }
}

/**
 * The "::type" that follows an operand: added to the operator list as a binary operator whose
 * right operand is the type, so it binds as tightly as InfixCast's precedence says.
 */
void InfixCastExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlDataTypeSpec type;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
    }
    type = DataType() {
        list.add(new SqlParserUtil.ToTreeListItem(InfixCast.INSTANCE, s.pos()));
        list.add(type);
    }
}

/** DuckDB's {@code ts AT TIME ZONE zone}: a binary operator the validator rewrites into timezone(zone, ts). */
void AtTimeZoneExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlNode zone;
}
{
    <AT> <TIME> <ZONE> {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(AtTimeZone.INSTANCE, s.pos()));
    }
    zone = Expression3(ExprContext.ACCEPT_SUB_QUERY) {
        list.add(zone);
    }
}

// ---- Data changes and transactions (issue 13): TRUNCATE, BEGIN / COMMIT / ROLLBACK ----

/** After TRUNCATE: DuckDB's TRUNCATE [TABLE] name. */
SqlTruncate TruncateTableStatement(Span s) :
{
    final SqlIdentifier name;
}
{
    [ <TABLE> ] name = CompoundIdentifier() {
        return new SqlTruncateTable(s.end(this), name);
    }
}

/** BEGIN [TRANSACTION], START TRANSACTION, COMMIT, END, ROLLBACK, ABORT (TRANSACTION or WORK optional). */
SqlNode TransactionStatement() :
{
    final Span s;
    final SqlTransactionStatement.Action action;
}
{
    (
        <BEGIN> { s = span(); action = SqlTransactionStatement.Action.BEGIN; }
    |
        <START> { s = span(); action = SqlTransactionStatement.Action.BEGIN; } <TRANSACTION>
    |
        <COMMIT> { s = span(); action = SqlTransactionStatement.Action.COMMIT; }
    |
        <END> { s = span(); action = SqlTransactionStatement.Action.COMMIT; }
    |
        <ROLLBACK> { s = span(); action = SqlTransactionStatement.Action.ROLLBACK; }
    |
        <ABORT> { s = span(); action = SqlTransactionStatement.Action.ROLLBACK; }
    )
    [ <TRANSACTION> | <WORK> ]
    {
        return new SqlTransactionStatement(s.end(this), action);
    }
}

/** After CREATE [OR REPLACE] [TEMP | TEMPORARY]: VIEW [IF NOT EXISTS] name [(columns)] AS query. */
SqlCreate CreateViewStatement(Span s, boolean replace, boolean temporary) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    <VIEW> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        if (replace && ifNotExists) {
            throw ParserSupport.error(s.end(this),
                "OR REPLACE and IF NOT EXISTS cannot be used together");
        }
        return new SqlCreateView(s.end(this), replace, ifNotExists, temporary, name, columns, query);
    }
}

/** After DROP: VIEW [IF EXISTS] name [CASCADE | RESTRICT]. */
SqlDrop DropViewStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    final boolean cascade;
}
{
    <VIEW> ifExists = IfExistsOpt() name = CompoundIdentifier() cascade = DropBehaviorOpt() {
        return new SqlDropView(s.end(this), ifExists, name, cascade);
    }
}

// ---- end of data changes and transactions ----

// ---- Settings (issue 13): DuckDB's SET [GLOBAL] name { = | TO } value, RESET [GLOBAL] name | ALL ----

/** Calcite's SET / RESET (setOptionParserMethod), plus DuckDB's TO and GLOBAL. */
SqlSetOption QuiverSetOption(Span s, String scope) :
{
    SqlIdentifier name;
    final SqlNode val;
    String optionScope = scope;
}
{
    (
        <SET> {
            s.add(this);
        }
        [ <GLOBAL> { optionScope = "GLOBAL"; } ]
        name = CompoundIdentifier()
        ( <EQ> | <TO> )
        (
            val = Literal()
        |
            val = SimpleIdentifier()
        |
            <ON> {
                val = new SqlIdentifier(token.image.toUpperCase(Locale.ROOT), getPos());
            }
        )
        {
            return new SqlSetOption(s.end(val), optionScope, (SqlNode) name, val);
        }
    |
        <RESET> {
            s.add(this);
        }
        [ <GLOBAL> { optionScope = "GLOBAL"; } ]
        (
            name = CompoundIdentifier()
        |
            <ALL> {
                name = new SqlIdentifier(token.image.toUpperCase(Locale.ROOT), getPos());
            }
        )
        {
            return new SqlSetOption(s.end(name), optionScope, (SqlNode) name, null);
        }
    )
}

// ---- end of settings ----

// ---- DuckDB's INSERT / UPDATE / DELETE additions and ALTER TABLE (issue 13) ----
// INSERT [OR REPLACE | OR IGNORE] INTO t [(cols)] { query | DEFAULT VALUES } [ON CONFLICT ...] [RETURNING ...]
// UPDATE t [[AS] alias] SET ... [FROM tables] [WHERE ...] [RETURNING ...]
// DELETE FROM t [[AS] alias] [USING tables] [WHERE ...] [RETURNING ...]
// Each returns Calcite's node when no addition is present, else a SqlDataChange around it.

/** RETURNING select-list. */
SqlNodeList QuiverReturning() :
{
    final Span s;
    final List<SqlNode> items = new ArrayList<SqlNode>();
}
{
    <RETURNING> { s = span(); }
    AddSelectItem(items) ( <COMMA> AddSelectItem(items) )*
    { return new SqlNodeList(items, s.end(this)); }
}

/** column = expr [, ...] into two lists. */
void QuiverAssignments(SqlNodeList columns, SqlNodeList values) :
{
    SqlIdentifier id;
}
{
    id = CompoundIdentifier() { columns.add(id); } <EQ> QuiverAssignedValue(values)
    (
        <COMMA> id = CompoundIdentifier() { columns.add(id); } <EQ> QuiverAssignedValue(values)
    )*
}

/** An expression, or DEFAULT (the column's default value). */
void QuiverAssignedValue(SqlNodeList values) :
{
    final SqlNode value;
}
{
    value = Default() { values.add(value); }
|
    AddExpression(values, ExprContext.ACCEPT_SUB_QUERY)
}

SqlNode QuiverInsert() :
{
    final Span s;
    final SqlIdentifier tableName;
    SqlNodeList columnList = null;
    final Pair<SqlNodeList, SqlNodeList> p;
    SqlNode source;
    boolean defaultValues = false;
    SqlDataChange.ConflictAction orAction = null;
    SqlNodeList target = null;
    SqlDataChange.ConflictAction action = null;
    final SqlNodeList setColumns = new SqlNodeList(SqlParserPos.ZERO);
    final SqlNodeList setValues = new SqlNodeList(SqlParserPos.ZERO);
    SqlNode condition = null;
    SqlNodeList returning = null;
}
{
    <INSERT> { s = span(); }
    [
        <OR>
        (
            <REPLACE> { orAction = SqlDataChange.ConflictAction.REPLACE; }
        |
            <IGNORE> { orAction = SqlDataChange.ConflictAction.NOTHING; }
        )
    ]
    <INTO> tableName = CompoundTableIdentifier()
    [
        LOOKAHEAD(2)
        p = ParenthesizedCompoundIdentifierList() {
            if (!p.left.isEmpty()) {
                columnList = p.left;
            }
        }
    ]
    (
        <DEFAULT_> <VALUES> {
            defaultValues = true;
            source = SqlStdOperatorTable.VALUES.createCall(getPos(),
                SqlStdOperatorTable.ROW.createCall(getPos(), SqlStdOperatorTable.DEFAULT.createCall(getPos())));
        }
    |
        source = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    )
    [
        LOOKAHEAD({ getToken(1).kind == ON && ParserSupport.isWord(getToken(2), "CONFLICT") })
        <ON> <IDENTIFIER>
        [ target = ParenthesizedSimpleIdentifierList() ]
        <IDENTIFIER> {
            if (!token.image.equalsIgnoreCase("DO")) {
                throw ParserSupport.error(getPos(), "expected DO NOTHING or DO UPDATE after ON CONFLICT");
            }
        }
        (
            LOOKAHEAD({ ParserSupport.isWord(getToken(1), "NOTHING") }) <IDENTIFIER> { action = SqlDataChange.ConflictAction.NOTHING; }
        |
            <UPDATE> <SET> { action = SqlDataChange.ConflictAction.UPDATE; }
            QuiverAssignments(setColumns, setValues)
            [ <WHERE> condition = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
        )
    ]
    [ returning = QuiverReturning() ]
    {
        if (orAction != null && action != null) {
            throw ParserSupport.error(s.end(this),
                "INSERT OR " + (orAction == SqlDataChange.ConflictAction.REPLACE ? "REPLACE" : "IGNORE")
                    + " cannot be combined with ON CONFLICT");
        }
        final SqlInsert insert = new SqlInsert(s.end(source), SqlNodeList.EMPTY, tableName, source, columnList);
        if (orAction == null && action == null && returning == null && !defaultValues) {
            return insert;
        }
        final SqlDataChange.OnConflict onConflict = orAction != null
            ? new SqlDataChange.OnConflict(null, orAction, setColumns, setValues, null)
            : action != null
            ? new SqlDataChange.OnConflict(target, action, setColumns, setValues, condition)
            : null;
        return new SqlDataChange(s.end(this), insert, returning, onConflict, null, defaultValues);
    }
}

SqlNode QuiverUpdate() :
{
    final Span s;
    final SqlIdentifier tableName;
    SqlIdentifier alias = null;
    final SqlNodeList columns;
    final SqlNodeList values;
    SqlNode from = null;
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    <UPDATE> {
        s = span();
        columns = new SqlNodeList(s.pos());
        values = new SqlNodeList(s.pos());
    }
    tableName = CompoundTableIdentifier()
    // SET is a name too (DuckDB's unreserved keyword), but here it starts the assignments
    [ LOOKAHEAD(1, { getToken(1).kind != SET }) [ <AS> ] alias = SimpleIdentifier() ]
    <SET> QuiverAssignments(columns, values)
    [ <FROM> from = FromClause() ]
    [ where = Where() ]
    [ returning = QuiverReturning() ]
    {
        final SqlUpdate update = new SqlUpdate(s.addAll(columns).addAll(values).addIf(where).pos(),
            tableName, columns, values, where, null, alias);
        if (from == null && returning == null) {
            return update;
        }
        return new SqlDataChange(s.end(this), update, returning, null, from, false);
    }
}

SqlNode QuiverDelete() :
{
    final Span s;
    final SqlIdentifier tableName;
    SqlIdentifier alias = null;
    SqlNode using = null;
    SqlNode where = null;
    SqlNodeList returning = null;
}
{
    <DELETE> { s = span(); }
    <FROM> tableName = CompoundTableIdentifier()
    [
        LOOKAHEAD(1, { getToken(1).kind != RETURNING })
        [ <AS> ] alias = SimpleIdentifier()
    ]
    [ <USING> using = FromClause() ]
    [ where = Where() ]
    [ returning = QuiverReturning() ]
    {
        final SqlDelete delete = new SqlDelete(s.add(tableName).addIf(alias).addIf(where).pos(),
            tableName, where, null, alias);
        if (using == null && returning == null) {
            return delete;
        }
        return new SqlDataChange(s.end(this), delete, returning, null, using, false);
    }
}

/**
 * ALTER TABLE [IF EXISTS] name
 *   ADD [COLUMN] [IF NOT EXISTS] column type [DEFAULT expr]
 * | DROP [COLUMN] [IF EXISTS] column
 * | RENAME [COLUMN] column TO new_name | RENAME TO new_name
 * | ALTER [COLUMN] column { [SET DATA] TYPE type [USING expr] | SET DEFAULT expr | DROP DEFAULT
 *                         | SET NOT NULL | DROP NOT NULL }
 */
SqlNode AlterTableStatement() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier table;
    SqlAlterTable.Action action;
    SqlIdentifier column = null;
    boolean ifColumn = false;
    final List<SqlNode> declared = new ArrayList<SqlNode>();
    SqlIdentifier newName = null;
    SqlDataTypeSpec type = null;
    SqlNode expression = null;
}
{
    <ALTER> { s = span(); } <TABLE> ifExists = IfExistsOpt() table = CompoundIdentifier()
    (
        <ADD> [ <COLUMN> ] ifColumn = IfNotExistsOpt() ColumnDeclaration(declared) {
            action = SqlAlterTable.Action.ADD_COLUMN;
            if (declared.size() != 1 || ((SqlColumnDeclaration) declared.get(0)).notNull()) {
                throw ParserSupport.error(s.end(this),
                    "ADD COLUMN takes a name, a type and an optional DEFAULT; add constraints (NOT NULL, "
                        + "PRIMARY KEY, UNIQUE, CHECK) to a new column with ALTER COLUMN ... SET NOT NULL "
                        + "or not at all");
            }
        }
    |
        <DROP> [ <COLUMN> ] ifColumn = IfExistsOpt() column = SimpleIdentifier() [ <CASCADE> | <RESTRICT> ] {
            action = SqlAlterTable.Action.DROP_COLUMN;
        }
    |
        LOOKAHEAD({ ParserSupport.isWord(getToken(1), "RENAME") }) <IDENTIFIER>
        (
            <TO> newName = SimpleIdentifier() { action = SqlAlterTable.Action.RENAME_TABLE; }
        |
            [ <COLUMN> ] column = SimpleIdentifier() <TO> newName = SimpleIdentifier() {
                action = SqlAlterTable.Action.RENAME_COLUMN;
            }
        )
    |
        <ALTER> [ <COLUMN> ] column = SimpleIdentifier()
        (
            <TYPE> type = DataType() [ <USING> expression = Expression(ExprContext.ACCEPT_NON_QUERY) ] {
                action = SqlAlterTable.Action.SET_TYPE;
            }
        |
            <SET>
            (
                <DATA> <TYPE> type = DataType() [ <USING> expression = Expression(ExprContext.ACCEPT_NON_QUERY) ] {
                    action = SqlAlterTable.Action.SET_TYPE;
                }
            |
                <DEFAULT_> expression = Expression(ExprContext.ACCEPT_NON_QUERY) {
                    action = SqlAlterTable.Action.SET_DEFAULT;
                }
            |
                <NOT> <NULL> { action = SqlAlterTable.Action.SET_NOT_NULL; }
            )
        |
            <DROP>
            (
                <DEFAULT_> { action = SqlAlterTable.Action.DROP_DEFAULT; }
            |
                <NOT> <NULL> { action = SqlAlterTable.Action.DROP_NOT_NULL; }
            )
        )
    )
    {
        return new SqlAlterTable(s.end(this), ifExists, table, action, column, ifColumn,
            declared.isEmpty() ? null : (SqlColumnDeclaration) declared.get(0), newName, type, expression);
    }
}

// ---- end of INSERT / UPDATE / DELETE additions and ALTER TABLE ----

// DuckDB's SEMI JOIN / ANTI JOIN: the left rows with (without) a match on the right, left columns only.
JoinType DuckDbSemiJoin() :
{
}
{
    <SEMI> <JOIN> { return JoinType.LEFT_SEMI_JOIN; }
}

JoinType DuckDbAntiJoin() :
{
}
{
    <ANTI> <JOIN> { return JoinType.LEFT_ANTI_JOIN; }
}

/**
 * DuckDB's COPY: {@code COPY table [(columns)] FROM 'path' [[WITH] (options)]} and
 * {@code COPY table [(columns)] | (query) TO 'path' [[WITH] (options)]}.
 */
SqlNode CopyStatement() :
{
    final Span s;
    SqlIdentifier table = null;
    SqlNodeList columns = null;
    SqlNode query = null;
    final boolean from;
    final SqlNode path;
    final List<SqlNode> options = new ArrayList<SqlNode>();
    final Span optionsSpan;
}
{
    <COPY> { s = span(); }
    (
        <LPAREN> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) <RPAREN>
    |
        table = CompoundIdentifier()
        [ columns = ParenthesizedSimpleIdentifierList() ]
    )
    (
        <FROM> { from = true; }
    |
        <TO> { from = false; }
    )
    path = StringLiteral()
    { optionsSpan = span(); }
    [
        [ <WITH> ]
        <LPAREN>
        CopyOption(options)
        ( <COMMA> CopyOption(options) )*
        <RPAREN>
    ]
    {
        return new SqlCopy(s.end(this), table, columns, query, from, (SqlLiteral) path,
            new SqlNodeList(options, optionsSpan.end(this)));
    }
}

/**
 * name [value]: HEADER, HEADER false, FORMAT csv, DELIMITER '|', NULL 'NA', PARTITION_BY (a, b),
 * FORCE_QUOTE *. Adds the name and the value (null when absent).
 */
void CopyOption(List<SqlNode> options) :
{
    final SqlIdentifier name;
    SqlNode value = null;
    SqlNodeList list;
}
{
    (
        name = SimpleIdentifier()
    |
        <NULL> { name = new SqlIdentifier("NULL", getPos()); }
    |
        <ARRAY> { name = new SqlIdentifier("ARRAY", getPos()); }
    )
    [
        value = SimpleIdentifier()
    |
        value = Literal()
    |
        <STAR> { value = SqlIdentifier.star(getPos()); }
    |
        value = ParenthesizedSimpleIdentifierList()
    ]
    {
        options.add(name);
        options.add(value);
    }
}

// ---- DuckDB's operators (issue 13) ----

/**
 * DuckDB's binary operators that Calcite's grammar lacks, after an operand: {@code a == b},
 * {@code a // b} (integer division), {@code a ** b} and {@code a ^ b} (power; Calcite's ^ would be
 * bitwise XOR), the LIKE spellings {@code ~~ ~~* !~~ !~~*} and {@code a GLOB pattern}.
 */
void DuckDbOperatorExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
    final List<Object> right;
}
{
    (
        (
            <DOUBLE_EQUALS> { op = SqlStdOperatorTable.EQUALS; }
        |   <INTEGER_DIVIDE> { op = DuckDbOperators.INTEGER_DIVIDE; }
        |   <DOUBLE_STAR> { op = DuckDbOperators.POWER; }
        |   <CARET> { op = DuckDbOperators.POWER; }
        )
        {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
        }
        AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
    |
        (
            <DOUBLE_TILDE> { op = SqlStdOperatorTable.LIKE; }
        |   <DOUBLE_TILDE_STAR> { op = SqlLibraryOperators.ILIKE; }
        |   <NOT_DOUBLE_TILDE> { op = SqlStdOperatorTable.NOT_LIKE; }
        |   <NOT_DOUBLE_TILDE_STAR> { op = SqlLibraryOperators.NOT_ILIKE; }
        |   <GLOB> { op = DuckDbOperators.GLOB; }
        )
        {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
        }
        right = Expression2(ExprContext.ACCEPT_SUB_QUERY) {
            list.addAll(right);
        }
    )
}

// --- bitwise operators (issue 13, scalar library) ---------------------------------------------
/** DuckDB's {@code a | b} and {@code a >> b} (Calcite parses {@code &} and {@code <<} itself). */
void DuckDbBitOperatorExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
}
{
    (
        <VERTICAL_BAR> { op = DuckDbOperators.BIT_OR; }
    |   <RIGHT_SHIFT> { op = DuckDbOperators.BIT_RIGHT_SHIFT; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}
// --- end of bitwise operators -------------------------------------------------------------------

/** DuckDB's {@code a NOT GLOB pattern}. */
void DuckDbNotGlobExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final List<Object> right;
}
{
    <NOT> <GLOB> {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(DuckDbOperators.NOT_GLOB, getPos()));
    }
    right = Expression2(ExprContext.ACCEPT_SUB_QUERY) {
        list.addAll(right);
    }
}

// ---- DuckDB's slices (issue 10): l[a:b], l[a:], l[:b], l[:], l[a:b:step], also on strings ----

/**
 * DuckDB's slice after an operand, {@code [begin : end [: step]]} with either bound optional: a
 * binary operator whose right operand is ROW(begin, end [, step]), which the validator rewrites into
 * list_slice (see SliceSubscript). A missing begin is -(2^63 - 1) and a missing end (or DuckDB's
 * {@code -} before a step, as in {@code l[2:-:-1]}) the largest BIGINT: the first and last element for a positive
 * step, the last and first for a negative one (SliceBounds). The config's LOOKAHEAD asks SliceLookahead
 * first, so Calcite's own subscript l[i] is untouched.
 */
void ListSliceExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final List<SqlNode> bounds = new ArrayList<SqlNode>();
    SqlNode begin = null;
    SqlNode end = null;
    SqlNode step;
    final Span slice;
}
{
    <LBRACKET> {
        checkNonQueryExpression(exprContext);
        slice = span();
    }
    [ begin = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    <COLON>
    [
        LOOKAHEAD({ getToken(1).kind == MINUS && getToken(2).kind == COLON })
        <MINUS>
    |
        end = Expression(ExprContext.ACCEPT_SUB_QUERY)
    ]
    {
        bounds.add(begin != null
                ? begin
                : SqlLiteral.createNegative(
                        SqlLiteral.createExactNumeric(Long.toString(Long.MAX_VALUE), getPos()), getPos()));
        bounds.add(end != null ? end : SqlLiteral.createExactNumeric(Long.toString(Long.MAX_VALUE), getPos()));
    }
    [
        <COLON> step = Expression(ExprContext.ACCEPT_SUB_QUERY) {
            bounds.add(step);
        }
    ]
    <RBRACKET> {
        list.add(new SqlParserUtil.ToTreeListItem(SliceSubscript.INSTANCE, slice.end(this)));
        list.add(SqlStdOperatorTable.ROW.createCall(slice.end(this), bounds));
    }
}

// --- prefix ~, a ~ b, a !~ b, postfix ! (issue 13, scalar library) -----------------------------

/**
 * DuckDB's {@code a ~ b} and {@code a !~ b} (whether a regular expression matches somewhere:
 * [NOT] regexp_matches(a, b)), and the postfix factorial {@code n!}.
 */
void DuckDbRegexOrFactorialExpression(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
    final List<Object> right;
}
{
    (
        (
            <TILDE> { op = DuckDbOperators.REGEXP_MATCH; }
        |   <NOT_TILDE> { op = DuckDbOperators.NOT_REGEXP_MATCH; }
        )
        {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
        }
        right = Expression2(ExprContext.ACCEPT_SUB_QUERY) {
            list.addAll(right);
        }
    |
        <BANG> {
            checkNonQueryExpression(exprContext);
            list.add(new SqlParserUtil.ToTreeListItem(DuckDbOperators.FACTORIAL, getPos()));
        }
    )
}

/**
 * DuckDB's prefix {@code ~x}, bitwise NOT. As in DuckDB (PostgreSQL's grammar) it binds looser
 * than arithmetic and tighter than comparisons: {@code ~ 5 + 1} is {@code ~(5 + 1)}.
 */
SqlNode BitNotCall() :
{
    final List<Object> operand = new ArrayList<Object>();
    SqlOperator op;
    SqlNode e;
    final Span s;
}
{
    <TILDE> { s = span(); }
    e = Expression3(ExprContext.ACCEPT_NON_QUERY) { operand.add(e); }
    (
        LOOKAHEAD(1)
        (
            <PLUS> { op = SqlStdOperatorTable.PLUS; }
        |   <MINUS> { op = SqlStdOperatorTable.MINUS; }
        |   <STAR> { op = SqlStdOperatorTable.MULTIPLY; }
        |   <SLASH> { op = SqlStdOperatorTable.DIVIDE; }
        |   <PERCENT_REMAINDER> { op = SqlStdOperatorTable.PERCENT_REMAINDER; }
        )
        { operand.add(new SqlParserUtil.ToTreeListItem(op, getPos())); }
        e = Expression3(ExprContext.ACCEPT_NON_QUERY) { operand.add(e); }
    )*
    {
        e = SqlParserUtil.toTree(operand);
        return DuckDbOperators.BIT_NOT.createCall(s.end(e), e);
    }
}

/** The columns of DuckDB's WITH RECURSIVE t USING KEY (k, t.k2): names, qualified by the CTE or not. */
SqlNodeList UsingKeyColumns() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier id;
}
{
    <LPAREN> { s = span(); }
    id = CompoundIdentifier() { list.add(id); }
    ( <COMMA> id = CompoundIdentifier() { list.add(id); } )*
    <RPAREN> {
        return new SqlNodeList(list, s.end(this));
    }
}

/**
 * DuckDB's {@code lambda x, y: body}: the same SqlLambda as Calcite's {@code (x, y) -> body}. The
 * caller has checked that the first token is the word lambda.
 */
SqlNode KeywordLambda() :
{
    final List<SqlNode> parameters = new ArrayList<SqlNode>();
    SqlIdentifier parameter;
    final SqlNode body;
    final Span s;
}
{
    <IDENTIFIER> { s = span(); }
    parameter = SimpleIdentifier() { parameters.add(parameter); }
    ( <COMMA> parameter = SimpleIdentifier() { parameters.add(parameter); } )*
    <COLON>
    body = Expression(ExprContext.ACCEPT_NON_QUERY)
    {
        return new SqlLambda(s.end(this), new SqlNodeList(parameters, s.end(this)), body);
    }
}
