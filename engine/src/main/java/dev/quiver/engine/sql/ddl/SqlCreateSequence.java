package dev.quiver.engine.sql.ddl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] [TEMP] SEQUENCE [IF NOT EXISTS] name [options]}: the options as given,
 * by upper-case keyword ({@code START}, {@code INCREMENT}, {@code MINVALUE}, {@code MAXVALUE} with
 * a numeric literal, or null for {@code NO MINVALUE}/{@code NO MAXVALUE}; {@code CYCLE} with a
 * boolean literal).
 */
public final class SqlCreateSequence extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE SEQUENCE", SqlKind.CREATE_SEQUENCE);

    private final boolean temporary;
    private final SqlIdentifier name;
    private final Map<String, SqlNode> options;

    public SqlCreateSequence(
            SqlParserPos pos,
            boolean replace,
            boolean ifNotExists,
            boolean temporary,
            SqlIdentifier name,
            Map<String, SqlNode> options) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = temporary;
        this.name = Objects.requireNonNull(name, "name");
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public SqlIdentifier name() {
        return name;
    }

    public boolean temporary() {
        return temporary;
    }

    public boolean replace() {
        return getReplace();
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    /** The options given, by keyword (see the class comment). */
    public Map<String, SqlNode> options() {
        return options;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (getReplace()) {
            writer.keyword("OR REPLACE");
        }
        if (temporary) {
            writer.keyword("TEMP");
        }
        writer.keyword("SEQUENCE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        options.forEach((option, value) -> {
            if (value == null) {
                writer.keyword("NO " + option);
            } else if (option.equals("CYCLE")) {
                writer.keyword(value.toString().equalsIgnoreCase("TRUE") ? "CYCLE" : "NO CYCLE");
            } else {
                writer.keyword(option);
                value.unparse(writer, 0, 0);
            }
        });
    }
}
