<#--
  Quiver's additions to Calcite's SQL grammar (Parser.jj), included by config.fmpp.

  Statements:
    CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name ( column type [NOT NULL | NULL] [, ...] )
    CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name AS query
    DROP TABLE [IF EXISTS] name
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
    SHOW TABLES [FROM alias] | SHOW DATABASES | SHOW FUNCTIONS [FROM python | builtin]
    ATTACH [DATABASE] [IF NOT EXISTS] 'file.duckdb' [AS alias] [( option [value] [, ...] )]
    DETACH [DATABASE] [IF EXISTS] alias
    EXPLAIN [ANALYZE] query-or-DML  (DuckDB's form; Calcite's EXPLAIN PLAN ... FOR works as before)

  Expressions: expr::type, DuckDB's postfix cast (InfixCast, rewritten to CAST by the validator).

  Lexical: $$ ... $$ is a string literal (no escapes; it ends at the first $$). A $$ with no
  closing $$ is a token of its own that no rule accepts.
  Types: DuckDB's aliases (see ParserSupport.duckDbTypeAlias); FLOAT is 4-byte REAL, as in DuckDB.
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

/** A $$ ... $$ string as a character literal, so it can stand wherever 'abc' can. */
SqlNode DollarQuotedStringLiteral() :
{
    final String text;
}
{
    text = DollarQuotedString() {
        return SqlLiteral.createCharString(text, getPos());
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

/** DuckDB type names that Calcite's DataType() does not know; tried before Calcite's own. */
SqlTypeNameSpec DuckDbTypeAlias() :
{
    final SqlTypeName typeName;
}
{
    (
        <FLOAT> { typeName = SqlTypeName.REAL; }
    |
        <BLOB> { typeName = SqlTypeName.VARBINARY; }
    |
        <DATETIME> { typeName = SqlTypeName.TIMESTAMP; }
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

SqlCreate CreateTableStatement(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    SqlNode query = null;
}
{
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
        return new SqlCreateTable(s.end(this), replace, ifNotExists, name, columns, query);
    }
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
}
{
    name = SimpleIdentifier()
    type = DataType()
    (
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
            Span.of(name).end(this), name, type.withNullable(!notNull), notNull));
        columns.addAll(constraints);
    }
}

SqlDrop DropTableStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <TABLE> ifExists = IfExistsOpt() name = CompoundIdentifier() {
        return new SqlDropTable(s.end(this), ifExists, name);
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

/** One parameter: [name] type. A lone identifier is a type (DuckDB's TEXT, or an unknown one). */
void FunctionParameter(List<SqlNode> parameters) :
{
    SqlIdentifier name = null;
    final SqlDataTypeSpec type;
}
{
    [
        LOOKAHEAD(SimpleIdentifier() DataType())
        name = SimpleIdentifier()
    ]
    type = DataType()
    {
        parameters.add(new SqlFunctionParameter(
            name == null ? type.getParserPosition() : Span.of(name, type).pos(), name, type));
    }
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
        <DATABASES> { return new SqlShow(s.end(this), SqlShow.What.DATABASES); }
    |
        <FUNCTIONS>
        [
            <FROM> database = SimpleIdentifier()
        ]
        { return new SqlShow(s.end(this), SqlShow.What.FUNCTIONS, database); }
    )
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

/** After CREATE [OR REPLACE]: [TEMP | TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query. */
SqlCreate CreateViewStatement(Span s, boolean replace) :
{
    boolean temporary = false;
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    [ ( <TEMP> | <TEMPORARY> ) { temporary = true; } ]
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

/** After DROP: VIEW [IF EXISTS] name. */
SqlDrop DropViewStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <VIEW> ifExists = IfExistsOpt() name = CompoundIdentifier() {
        return new SqlDropView(s.end(this), ifExists, name);
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
