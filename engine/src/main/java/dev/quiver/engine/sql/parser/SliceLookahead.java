package dev.quiver.engine.sql.parser;

/**
 * Tells DuckDB's slice {@code l[a:b]} from Calcite's subscript {@code l[i]} before either is parsed:
 * both start with a bracket, and only a colon outside any nested bracket, parenthesis or brace
 * before the closing bracket makes a slice. Calcite's grammar has no hook inside its subscript rule,
 * so the grammar asks this first (see ListSliceExpression in parserImpls.ftl).
 */
final class SliceLookahead {
    private SliceLookahead() {}

    /**
     * Whether the parser's next tokens are {@code [ ... : ... ]} with the colon at the bracket's own
     * depth. Reads them with the parser's getToken, which also works while the parser looks ahead.
     */
    static boolean startsSlice(QuiverSqlParserImpl parser) {
        Token first = parser.getToken(1);
        if (first == null || !"[".equals(first.image)) {
            return false;
        }
        int depth = 0;
        for (int index = 2; ; index++) {
            Token token = parser.getToken(index);
            if (token == null || token.kind == QuiverSqlParserImplConstants.EOF) {
                return false;
            }
            String image = token.image;
            if (image.equals("(") || image.equals("[") || image.startsWith("{")) {
                depth++;
            } else if (image.equals(")") || image.equals("]") || image.equals("}")) {
                if (depth == 0) {
                    return false;
                }
                depth--;
            } else if (depth == 0 && image.equals(":")) {
                return true;
            }
        }
    }
}
