package dev.quiver.engine.function;

import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.DOUBLE;
import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.INTEGER;
import static dev.quiver.engine.exec.expr.RowKernelExpr.Operand.TEXT;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.Base64Expr;
import dev.quiver.engine.exec.expr.CaseConversionExpr;
import dev.quiver.engine.exec.expr.CaseExpr;
import dev.quiver.engine.exec.expr.CharLengthExpr;
import dev.quiver.engine.exec.expr.ConcatWsExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LikeExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.LogicalExpr;
import dev.quiver.engine.exec.expr.NestedConstructorExpr;
import dev.quiver.engine.exec.expr.NotExpr;
import dev.quiver.engine.exec.expr.NullTestExpr;
import dev.quiver.engine.exec.expr.PositionExpr;
import dev.quiver.engine.exec.expr.RowKernelExpr;
import dev.quiver.engine.exec.expr.StringFunctions;
import dev.quiver.engine.exec.expr.SubstringExpr;
import dev.quiver.engine.exec.expr.TextDistances;
import dev.quiver.engine.exec.expr.TextFormat;
import dev.quiver.engine.exec.expr.TrimExpr;
import dev.quiver.engine.exec.expr.lists.ListCountExpr;
import dev.quiver.engine.exec.expr.lists.ListToStringExpr;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/** The string built-ins; positions and lengths count characters, as in DuckDB ({@code sql/functions/strings.test}). */
final class StringBuiltins {
    private static final List<RowKernelExpr.Operand> TEXTS = List.of(TEXT, TEXT, TEXT, TEXT);

    private StringBuiltins() {}

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("length", "len")
                        .signature("length(string | list) -> BIGINT")
                        .describe("Number of characters, or of a list's elements.", "length('héllo') = 5")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.CHARACTER.or(OperandTypes.ARRAY))
                        .kernel(StringBuiltins::length)
                        .build(),
                BuiltinFunction.scalar("char_length", "character_length")
                        .signature("char_length(string) -> INTEGER")
                        .describe("Number of characters (SQL standard).", "char_length('abc') = 3")
                        .standard(SqlStdOperatorTable.CHAR_LENGTH, SqlStdOperatorTable.CHARACTER_LENGTH)
                        .kernel(call -> new CharLengthExpr(call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("upper", "ucase")
                        .signature("upper(string) -> VARCHAR")
                        .describe("The string in upper case.", "upper('abc') = 'ABC'")
                        // Calcite's own UPPER stays this function's (tests and rewrites build it), but the
                        // validator resolves the names to the typed operators, which the alias needs
                        .standard(SqlStdOperatorTable.UPPER)
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER)
                        .replaces(SqlStdOperatorTable.UPPER)
                        .kernel(call -> new CaseConversionExpr(true, call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("lower", "lcase")
                        .signature("lower(string) -> VARCHAR")
                        .describe("The string in lower case.", "lower('ABC') = 'abc'")
                        // Calcite's own LOWER stays this function's (tests and rewrites build it), but the
                        // validator resolves the names to the typed operators, which the alias needs
                        .standard(SqlStdOperatorTable.LOWER)
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER)
                        .replaces(SqlStdOperatorTable.LOWER)
                        .kernel(call -> new CaseConversionExpr(false, call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("substring")
                        .signature("substring(string FROM start [FOR length]), substring(string, start[, length])")
                        .describe(
                                "The characters from 1-based position start on, at most length of them.",
                                "substring('hello', 2, 3) = 'ell'")
                        .standard(SqlStdOperatorTable.SUBSTRING)
                        .kernel(StringBuiltins::substring)
                        .build(),
                // DuckDB's (and Spark's) short name; a function of its own because Calcite parses
                // substring through a grammar rule of its own (FROM ... FOR), which no alias reaches
                BuiltinFunction.scalar("substr")
                        .signature("substr(string, start[, length]) -> VARCHAR")
                        .describe("The same as substring(string, start[, length]).", "substr('hello', 2, 3) = 'ell'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.family(
                                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER),
                                        index -> index == 2))
                        .kernel(StringBuiltins::substring)
                        .build(),
                BuiltinFunction.scalar("trim")
                        .signature(
                                "trim(string[, characters]), trim([BOTH | LEADING | TRAILING] [characters] FROM string)")
                        .describe(
                                "The string without the given characters (default spaces) at its ends.",
                                "trim('xxaxx', 'x') = 'a'")
                        .standard(SqlStdOperatorTable.TRIM)
                        .kernel(StringBuiltins::trim)
                        .build(),
                BuiltinFunction.scalar("ltrim")
                        .signature("ltrim(string[, characters]) -> VARCHAR")
                        .describe(
                                "The string without the given characters (default spaces) at its start.",
                                "ltrim('xxa', 'x') = 'a'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING))
                        .kernel(call -> sideTrim(call, TrimExpr.Side.LEADING))
                        .build(),
                BuiltinFunction.scalar("rtrim")
                        .signature("rtrim(string[, characters]) -> VARCHAR")
                        .describe(
                                "The string without the given characters (default spaces) at its end.",
                                "rtrim('axx', 'x') = 'a'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING))
                        .kernel(call -> sideTrim(call, TrimExpr.Side.TRAILING))
                        .build(),
                BuiltinFunction.scalar("position")
                        .signature("position(search IN string) -> INTEGER")
                        .describe(
                                "1-based position of the first occurrence of search, 0 if none.",
                                "position('l' IN 'hello') = 3")
                        .standard(SqlStdOperatorTable.POSITION)
                        .kernel(call -> new PositionExpr(
                                call.operand(0),
                                call.operand(1),
                                call.operandCount() > 2 ? call.operand(2) : null,
                                call.result()))
                        .build(),
                BuiltinFunction.scalar("strpos", "instr")
                        .signature("strpos(string, search) -> BIGINT")
                        .describe(
                                "1-based position of the first occurrence of search, 0 if none.",
                                "strpos('hello', 'l') = 3")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.STRING_STRING)
                        .kernel(call -> new PositionExpr(call.operand(1), call.operand(0), null, call.result()))
                        .build(),
                BuiltinFunction.scalar("concat")
                        .signature("concat(value, ...) -> VARCHAR | LIST")
                        .describe(
                                "The arguments as text, joined; NULLs are skipped, so never NULL. Lists join"
                                        + " into one list.",
                                "concat('a', 1, NULL) = 'a1'")
                        .typed(
                                binding -> {
                                    RelDataType lists = NestedBuiltins.concatOfListsType(binding);
                                    return lists != null
                                            ? lists
                                            : binding.getTypeFactory().createSqlType(SqlTypeName.VARCHAR);
                                },
                                OperandTypes.VARIADIC)
                        .kernel(call -> call.result().getType() instanceof ArrowType.List
                                ? NestedBuiltins.concatOfLists(call)
                                : new ConcatWsExpr(null, call.operandsAs(0, KernelCall.VARCHAR), call.result()))
                        .build(),
                BuiltinFunction.scalar("concat_ws")
                        .signature("concat_ws(separator, value, ...) -> VARCHAR")
                        .describe(
                                "The arguments as text, joined by separator; NULL arguments are skipped, a list"
                                        + " argument gives its non-NULL elements.",
                                "concat_ws(',', 'a', NULL, 'b') = 'a,b'")
                        .typed(DuckDbReturnTypes::concatWs, concatWsOperands())
                        .kernel(StringBuiltins::concatWs)
                        .build(),
                BuiltinFunction.scalar("replace")
                        .signature("replace(string, from, to) -> VARCHAR")
                        .describe(
                                "The string with every occurrence of from replaced by to.",
                                "replace('aXbX', 'X', '-') = 'a-b-'")
                        .standard(SqlStdOperatorTable.REPLACE)
                        .rowKernel(
                                List.of(TEXT, TEXT, TEXT),
                                false,
                                row -> StringFunctions.replace(row.text(0), row.text(1), row.text(2)))
                        .build(),
                pad("lpad", true, "'007'"),
                pad("rpad", false, "'700'"),
                BuiltinFunction.scalar("left")
                        .signature("left(string, count) -> VARCHAR")
                        .describe(
                                "The first count characters; a negative count drops that many from the end.",
                                "left('hello', 2) = 'he'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.STRING_INTEGER)
                        .rowKernel(
                                List.of(TEXT, INTEGER), false, row -> StringFunctions.left(row.text(0), row.integer(1)))
                        .build(),
                BuiltinFunction.scalar("right")
                        .signature("right(string, count) -> VARCHAR")
                        .describe(
                                "The last count characters; a negative count drops that many from the start.",
                                "right('hello', 2) = 'lo'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.STRING_INTEGER)
                        .rowKernel(
                                List.of(TEXT, INTEGER),
                                false,
                                row -> StringFunctions.right(row.text(0), row.integer(1)))
                        .build(),
                sideGraphemes("left_grapheme", true, "left_grapheme('🤦🏼‍♂️ab', 1) = '🤦🏼‍♂️'"),
                sideGraphemes("right_grapheme", false, "right_grapheme('ab🤦🏼‍♂️', 1) = '🤦🏼‍♂️'"),
                BuiltinFunction.scalar("substring_grapheme")
                        .signature("substring_grapheme(string, start, length) -> VARCHAR")
                        .describe(
                                "As substring, counting grapheme clusters (an emoji with modifiers counts once).",
                                "substring_grapheme('a🤦🏼‍♂️b', 2, 1) = '🤦🏼‍♂️'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER))
                        .rowKernel(
                                List.of(TEXT, INTEGER, INTEGER),
                                false,
                                row -> StringFunctions.substringGraphemes(row.text(0), row.integer(1), row.integer(2)))
                        .build(),
                BuiltinFunction.scalar("reverse")
                        .signature("reverse(string) -> VARCHAR")
                        .describe(
                                "The characters in reverse order (grapheme clusters kept whole).",
                                "reverse('abc') = 'cba'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER)
                        .rowKernel(List.of(TEXT), false, row -> StringFunctions.reverse(row.text(0)))
                        .build(),
                BuiltinFunction.scalar("repeat")
                        .signature("repeat(string, count) -> VARCHAR")
                        .describe("The string repeated count times.", "repeat('ab', 3) = 'ababab'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.STRING_INTEGER)
                        .rowKernel(
                                List.of(TEXT, INTEGER),
                                false,
                                row -> StringFunctions.repeat(row.text(0), row.integer(1)))
                        .build(),
                BuiltinFunction.scalar("starts_with", "prefix")
                        .signature("starts_with(string, prefix) -> BOOLEAN")
                        .describe("Whether the string starts with prefix.", "starts_with('hello', 'he') = true")
                        .typed(DuckDbReturnTypes.BOOLEAN, OperandTypes.STRING_STRING)
                        .rowKernel(
                                List.of(TEXT, TEXT), false, row -> row.text(0).startsWith(row.text(1)))
                        .build(),
                BuiltinFunction.scalar("ends_with", "suffix")
                        .signature("ends_with(string, suffix) -> BOOLEAN")
                        .describe("Whether the string ends with suffix.", "ends_with('hello', 'lo') = true")
                        .typed(DuckDbReturnTypes.BOOLEAN, OperandTypes.STRING_STRING)
                        .rowKernel(
                                List.of(TEXT, TEXT), false, row -> row.text(0).endsWith(row.text(1)))
                        .build(),
                BuiltinFunction.scalar("contains")
                        .signature("contains(string, search) -> BOOLEAN")
                        .describe("Whether search occurs in the string.", "contains('hello', 'ell') = true")
                        .typed(DuckDbReturnTypes.BOOLEAN, OperandTypes.STRING_STRING)
                        .rowKernel(
                                List.of(TEXT, TEXT), false, row -> row.text(0).contains(row.text(1)))
                        .build(),
                BuiltinFunction.scalar("split_part")
                        .signature("split_part(string, delimiter, index) -> VARCHAR")
                        .describe(
                                "Part index (1-based, negative from the end) of the string split at delimiter.",
                                "split_part('a,b,c', ',', 2) = 'b'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.INTEGER))
                        .rowKernel(
                                List.of(TEXT, TEXT, INTEGER),
                                false,
                                row -> StringFunctions.splitPart(row.text(0), row.text(1), row.integer(2)))
                        .build(),
                BuiltinFunction.scalar("ascii")
                        .signature("ascii(string) -> INTEGER")
                        .describe("Code point of the first character, 0 for an empty string.", "ascii('A') = 65")
                        .standard(SqlStdOperatorTable.ASCII)
                        .rowKernel(List.of(TEXT), false, row -> StringFunctions.ascii(row.text(0)))
                        .build(),
                BuiltinFunction.scalar("unicode", "ord")
                        .signature("unicode(string) -> INTEGER")
                        .describe("Code point of the first character, -1 for an empty string.", "unicode('é') = 233")
                        .typed(ReturnTypes.INTEGER_NULLABLE, OperandTypes.CHARACTER)
                        .rowKernel(List.of(TEXT), false, row -> StringFunctions.firstCodePoint(row.text(0)))
                        .build(),
                BuiltinFunction.scalar("strlen")
                        .signature("strlen(string) -> BIGINT")
                        .describe("Number of bytes of the string's UTF-8 encoding.", "strlen('é') = 2")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.CHARACTER)
                        .rowKernel(List.of(RowKernelExpr.Operand.BYTES), false, row -> (long) row.bytes(0).length)
                        .build(),
                BuiltinFunction.scalar("bit_length")
                        .signature("bit_length(string) -> BIGINT")
                        .describe("Number of bits of the string's UTF-8 bytes.", "bit_length('é') = 16")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.CHARACTER)
                        .rowKernel(List.of(RowKernelExpr.Operand.BYTES), false, row -> 8L * row.bytes(0).length)
                        .build(),
                BuiltinFunction.scalar("nfc_normalize")
                        .signature("nfc_normalize(string) -> VARCHAR")
                        .describe(
                                "The string in Unicode normal form C (composed characters).",
                                "length(nfc_normalize('e' || chr(769))) = 1")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER)
                        .rowKernel(List.of(TEXT), false, row -> Normalizer.normalize(row.text(0), Normalizer.Form.NFC))
                        .build(),
                BuiltinFunction.scalar("strip_accents")
                        .signature("strip_accents(string) -> VARCHAR")
                        .describe(
                                "The string without its accents (combining marks after decomposition).",
                                "strip_accents('Mühleisen') = 'Muhleisen'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER)
                        .rowKernel(List.of(TEXT), false, row -> StringFunctions.stripAccents(row.text(0)))
                        .build(),
                digits("hex", true, "to_hex", "hex(255) = 'FF'"),
                digits("bin", false, "to_binary", "bin(5) = '101'"),
                undigits("unhex", true, "from_hex", "unhex('6162') = 'ab'::BLOB"),
                undigits("unbin", false, "from_binary", "unbin('01100001') = 'a'::BLOB"),
                BuiltinFunction.scalar("to_base")
                        .signature("to_base(n, radix[, min_length]) -> VARCHAR")
                        .describe(
                                "n (not negative) written in base radix (2 to 36), left-padded with zeros to"
                                        + " min_length digits.",
                                "to_base(255, 16) = 'FF'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.family(
                                        List.of(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER),
                                        index -> index == 2))
                        .rowKernel(
                                List.of(INTEGER, INTEGER, INTEGER),
                                true,
                                row -> StringFunctions.toBase(
                                        row.integer(0), row.integer(1), row.operandCount() > 2 ? row.integer(2) : 0))
                        .build(),
                BuiltinFunction.scalar("encode")
                        .signature("encode(string) -> BLOB")
                        .describe("The string's UTF-8 bytes.", "encode('ab') = 'ab'::BLOB")
                        .typed(DuckDbReturnTypes.BLOB, OperandTypes.CHARACTER)
                        .rowKernel(List.of(RowKernelExpr.Operand.BYTES), false, row -> row.bytes(0))
                        .build(),
                BuiltinFunction.scalar("decode")
                        .signature("decode(blob) -> VARCHAR")
                        .describe(
                                "The bytes as text; bytes that are not UTF-8 are an error.",
                                "decode('ab'::BLOB) = 'ab'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.BINARY)
                        .rowKernel(
                                List.of(RowKernelExpr.Operand.BYTES),
                                true,
                                row -> StringFunctions.decodeUtf8(row.bytes(0)))
                        .build(),
                likeEscape("like_escape", false, false, "like_escape('a%', 'a$%', '$') = true"),
                likeEscape("not_like_escape", false, true, "not_like_escape('a%', 'a$%', '$') = false"),
                likeEscape("ilike_escape", true, false, "ilike_escape('A%', 'a$%', '$') = true"),
                likeEscape("not_ilike_escape", true, true, "not_ilike_escape('A%', 'a$%', '$') = false"),
                BuiltinFunction.scalar("parse_dirname")
                        .signature("parse_dirname(path[, separator]) -> VARCHAR")
                        .describe(
                                "The path's first component (a leading separator itself); separator is 'system' or"
                                        + " 'forward_slash' (/), 'backslash' (\\), else both.",
                                "parse_dirname('a/b/c.txt') = 'a'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING))
                        .kernel(call -> pathKernel(call, row -> StringFunctions.pathDirname(row.text(0), row.text(1))))
                        .build(),
                BuiltinFunction.scalar("parse_dirpath")
                        .signature("parse_dirpath(path[, separator]) -> VARCHAR")
                        .describe(
                                "The path up to its last separator; separator as for parse_dirname.",
                                "parse_dirpath('a/b/c.txt') = 'a/b'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING))
                        .kernel(call -> pathKernel(call, row -> StringFunctions.pathDirpath(row.text(0), row.text(1))))
                        .build(),
                BuiltinFunction.scalar("parse_filename")
                        .signature("parse_filename(path[, trim_extension][, separator]) -> VARCHAR")
                        .describe(
                                "The path after its last separator, without the last extension when trim_extension;"
                                        + " separator as for parse_dirname.",
                                "parse_filename('a/b.tar.gz', true) = 'b.tar'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.CHARACTER
                                        .or(OperandTypes.STRING_STRING)
                                        .or(OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.BOOLEAN))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.STRING, SqlTypeFamily.BOOLEAN, SqlTypeFamily.STRING)))
                        .kernel(StringBuiltins::parseFilename)
                        .build(),
                BuiltinFunction.scalar("chr")
                        .signature("chr(code_point) -> VARCHAR")
                        .describe("The character with this code point.", "chr(65) = 'A'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.INTEGER)
                        .rowKernel(List.of(INTEGER), true, row -> StringFunctions.chr(row.integer(0)))
                        .build(),
                BuiltinFunction.scalar("overlay")
                        .signature("overlay(string PLACING replacement FROM start [FOR count]) -> VARCHAR")
                        .describe(
                                "The string with count characters (the replacement's length when absent)"
                                        + " from start replaced by the replacement.",
                                "overlay('abcdef' PLACING 'XX' FROM 3) = 'abXXef'")
                        .standard(SqlStdOperatorTable.OVERLAY)
                        .rowKernel(
                                List.of(TEXT, TEXT, INTEGER, INTEGER),
                                false,
                                row -> StringFunctions.overlay(
                                        row.text(0),
                                        row.text(1),
                                        row.integer(2),
                                        row.operandCount() > 3 ? row.integer(3) : -1))
                        .build(),
                BuiltinFunction.scalar("translate")
                        .signature("translate(string, from, to) -> VARCHAR")
                        .describe(
                                "Each character of from replaced by the one at its position in to (removed"
                                        + " when to is shorter).",
                                "translate('12345', '143', 'ax') = 'a2x5'")
                        .standard(SqlLibraryOperators.TRANSLATE3)
                        .rowKernel(
                                List.of(TEXT, TEXT, TEXT),
                                false,
                                row -> StringFunctions.translate(row.text(0), row.text(1), row.text(2)))
                        .build(),
                BuiltinFunction.scalar("length_grapheme")
                        .signature("length_grapheme(string) -> BIGINT")
                        .describe(
                                "Number of grapheme clusters (an emoji with modifiers counts once).",
                                "length_grapheme('🤦🏼‍♂️') = 1")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.CHARACTER)
                        .rowKernel(List.of(TEXT), false, row -> StringFunctions.lengthGrapheme(row.text(0)))
                        .build(),
                textDistance(
                        "levenshtein",
                        "The fewest single-byte insertions, deletions and substitutions from a to b.",
                        "levenshtein('kitten', 'sitting') = 3",
                        false,
                        row -> TextDistances.levenshtein(row.text(0), row.text(1)),
                        "editdist3"),
                textDistance(
                        "damerau_levenshtein",
                        "As levenshtein, and a swap of two adjacent bytes is one edit.",
                        "damerau_levenshtein('abcd', 'acbd') = 1",
                        false,
                        row -> TextDistances.damerauLevenshtein(row.text(0), row.text(1))),
                textDistance(
                        "hamming",
                        "Number of positions where two equally long strings differ.",
                        "hamming('abc', 'abd') = 1",
                        true,
                        row -> TextDistances.hamming(row.text(0), row.text(1)),
                        "mismatches"),
                textSimilarity(
                        "jaccard",
                        "Shared distinct bytes over all distinct bytes of two non-empty strings.",
                        "jaccard('duck', 'luck') = 0.6",
                        true,
                        row -> TextDistances.jaccard(row.text(0), row.text(1))),
                cutoffSimilarity(
                        "jaro_similarity",
                        "The Jaro similarity, 0 to 1; 0 when below the optional cutoff.",
                        "jaro_similarity('martha', 'marhta') = 0.9444444444444445",
                        TextDistances::jaro),
                cutoffSimilarity(
                        "jaro_winkler_similarity",
                        "The Jaro-Winkler similarity, 0 to 1: Jaro raised for a common prefix; 0 when below the"
                                + " optional cutoff.",
                        "jaro_winkler_similarity('martha', 'marhta', 0.97) = 0.0",
                        TextDistances::jaroWinkler),
                digest(
                        "md5",
                        "MD5",
                        "The MD5 digest of the string (its UTF-8 bytes) or BLOB, as 32 hex digits.",
                        "md5('abc')"),
                digest(
                        "sha1",
                        "SHA-1",
                        "The SHA-1 digest of the string (its UTF-8 bytes) or BLOB, as 40 hex digits.",
                        "sha1('abc')"),
                digest(
                        "sha256",
                        "SHA-256",
                        "The SHA-256 digest of the string (its UTF-8 bytes) or BLOB, as 64 hex digits.",
                        "sha256('abc')"),
                textToText(
                        "url_encode",
                        "The string with every byte but letters, digits and -_.~ written %XX.",
                        "url_encode('a b') = 'a%20b'",
                        row -> StringFunctions.urlEncode(row.text(0))),
                textToText(
                        "url_decode",
                        "The string with each %XX replaced by its byte; an error if that is not UTF-8.",
                        "url_decode('a%20b') = 'a b'",
                        row -> StringFunctions.urlDecode(row.text(0))),
                formatBytes("format_bytes", true, "format_bytes(1536) = '1.5 KiB'", "formatReadableSize"),
                formatBytes("formatReadableDecimalSize", false, "formatReadableDecimalSize(1500) = '1.5 kB'"),
                BuiltinFunction.scalar("bar")
                        .signature("bar(x, min, max[, width]) -> VARCHAR")
                        .describe(
                                "x's place between min and max as a bar of Unicode blocks (in eighths of a"
                                        + " character), padded to width (1 to 1000, default 80) characters.",
                                "bar(5, 0, 10, 4) = '██  '")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.family(
                                        List.of(
                                                SqlTypeFamily.NUMERIC,
                                                SqlTypeFamily.NUMERIC,
                                                SqlTypeFamily.NUMERIC,
                                                SqlTypeFamily.NUMERIC),
                                        index -> index == 3))
                        .kernel(StringBuiltins::bar)
                        .build(),
                BuiltinFunction.scalar("parse_formatted_bytes")
                        .signature("parse_formatted_bytes(text) -> BIGINT")
                        .describe(
                                "The number of bytes in text such as '1.5 KiB' or '2GB' (B, KB/MB/GB/TB: powers of"
                                        + " 1000, KiB/MiB/GiB/TiB: of 1024); BIGINT where DuckDB has UBIGINT.",
                                "parse_formatted_bytes('1.5 KiB') = 1536")
                        .typed(DuckDbReturnTypes.BIGINT, OperandTypes.CHARACTER)
                        .rowKernel(List.of(TEXT), true, row -> StringFunctions.parseFormattedBytes(row.text(0)))
                        .build(),
                BuiltinFunction.scalar("to_base64", "base64")
                        .signature("to_base64(blob) -> VARCHAR")
                        .describe("The bytes as base64 text.", "to_base64('hello'::BLOB) = 'aGVsbG8='")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.BINARY.or(OperandTypes.CHARACTER))
                        .kernel(call -> new Base64Expr(call.name(), true, call.operand(0), call.result()))
                        .build(),
                BuiltinFunction.scalar("from_base64")
                        .signature("from_base64(string) -> BLOB")
                        .describe(
                                "The bytes that base64 text encodes; text that is not base64 is an error.",
                                "from_base64('aGVsbG8=') = 'hello'::BLOB")
                        .typed(DuckDbReturnTypes.BLOB, OperandTypes.CHARACTER)
                        .kernel(call -> new Base64Expr(call.name(), false, call.operand(0), call.result()))
                        .build(),
                textFormat(
                        "printf",
                        "printf(format, value, ...) -> VARCHAR",
                        "The values formatted C-style into the format: %d, %5.2f, %-10s, %x, %e, %%; NULL if any"
                                + " argument is.",
                        "printf('%d-%05.1f', 7, 2.25) = '7-002.2'",
                        TextFormat::printf),
                textFormat(
                        "format",
                        "format(format, value, ...) -> VARCHAR",
                        "The values formatted fmt-style into the format: {}, {1}, {:.2f}, {:>10}, {:,}, {{ }}; NULL"
                                + " if any argument is.",
                        "format('{} = {:.2f}', 'pi', pi()) = 'pi = 3.14'",
                        TextFormat::format),
                BuiltinFunction.scalar("regexp_matches")
                        .signature("regexp_matches(string, pattern[, options]) -> BOOLEAN")
                        .describe(
                                "Whether the (Java) regular expression matches somewhere; option 'i' ignores case.",
                                "regexp_matches('abc', 'b.') = true")
                        .typed(
                                DuckDbReturnTypes.BOOLEAN,
                                OperandTypes.STRING_STRING.or(OperandTypes.STRING_STRING_STRING))
                        .kernel(call -> regexpMatches(call, false))
                        .build(),
                BuiltinFunction.scalar("regexp_full_match")
                        .signature("regexp_full_match(string, pattern[, options]) -> BOOLEAN")
                        .describe(
                                "Whether the (Java) regular expression matches the whole string; option 'i' ignores"
                                        + " case.",
                                "regexp_full_match('abc', 'a.c') = true")
                        .typed(
                                DuckDbReturnTypes.BOOLEAN,
                                OperandTypes.STRING_STRING.or(OperandTypes.STRING_STRING_STRING))
                        .kernel(call -> regexpMatches(call, true))
                        .build(),
                BuiltinFunction.operator("similar to")
                        .signature("a [NOT] SIMILAR TO pattern")
                        .describe(
                                "regexp_full_match(a, pattern): as in DuckDB the pattern is a regular expression,"
                                        + " not SQL's SIMILAR syntax; ESCAPE is refused.",
                                "'abc' SIMILAR TO 'a.c' = true")
                        .standard(SqlStdOperatorTable.SIMILAR_TO, SqlStdOperatorTable.NOT_SIMILAR_TO)
                        .kernel(StringBuiltins::similarTo)
                        .build(),
                textToText(
                        "regexp_escape",
                        "The string with every character but letters, digits, _ and non-ASCII ones escaped by a"
                                + " backslash, to match it literally in a regular expression.",
                        "regexp_escape('a.b') = 'a\\.b'",
                        row -> StringFunctions.escapeRegex(row.text(0))),
                BuiltinFunction.scalar("regexp_extract")
                        .signature("regexp_extract(string, pattern[, group | names[, options]]) -> VARCHAR | STRUCT")
                        .describe(
                                "Group (0 to 9, default 0: the whole match) of the first match, '' when nothing"
                                        + " matches; with a constant list of names, groups 1, 2, ... as a STRUCT"
                                        + " with those field names.",
                                "regexp_extract('abc123', '([a-z]+)([0-9]+)', 2) = '123'")
                        .typed(
                                DuckDbReturnTypes::regexpExtract,
                                OperandTypes.STRING_STRING
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.ARRAY))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.STRING,
                                                SqlTypeFamily.STRING,
                                                SqlTypeFamily.ARRAY,
                                                SqlTypeFamily.STRING))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.INTEGER))
                                        .or(OperandTypes.family(
                                                SqlTypeFamily.STRING,
                                                SqlTypeFamily.STRING,
                                                SqlTypeFamily.INTEGER,
                                                SqlTypeFamily.STRING)))
                        .kernel(StringBuiltins::regexpExtract)
                        .build(),
                BuiltinFunction.scalar("regexp_replace")
                        .signature("regexp_replace(string, pattern, replacement[, options]) -> VARCHAR")
                        .describe(
                                "The first match (every match with option 'g') replaced; \\1 is group 1.",
                                "regexp_replace('abc', '(b)', '[\\1]') = 'a[b]c'")
                        .typed(
                                DuckDbReturnTypes.VARCHAR,
                                OperandTypes.STRING_STRING_STRING.or(OperandTypes.family(
                                        SqlTypeFamily.STRING,
                                        SqlTypeFamily.STRING,
                                        SqlTypeFamily.STRING,
                                        SqlTypeFamily.STRING)))
                        .kernel(StringBuiltins::regexpReplace)
                        .build());
    }

    /** Characters of a string, elements of a list (DuckDB's {@code len} takes both). */
    private static Expr length(KernelCall call) {
        Expr operand = call.operand(0);
        if (operand.field().getType() instanceof ArrowType.List) {
            return new ListCountExpr(call.name(), ListCountExpr.Counted.ELEMENTS, operand, call.result());
        }
        return new CharLengthExpr(operand, call.result());
    }

    /** A BIGINT distance between two strings. */
    private static BuiltinFunction textDistance(
            String name,
            String sentence,
            String example,
            boolean mayFail,
            RowKernelExpr.RowFunction function,
            String... aliases) {
        return twoTexts(name, "BIGINT", DuckDbReturnTypes.BIGINT, sentence, example, mayFail, function, aliases);
    }

    /** A DOUBLE similarity of two strings. */
    private static BuiltinFunction textSimilarity(
            String name, String sentence, String example, boolean mayFail, RowKernelExpr.RowFunction function) {
        return twoTexts(name, "DOUBLE", DuckDbReturnTypes.DOUBLE, sentence, example, mayFail, function);
    }

    /** A similarity of two strings with DuckDB's optional third argument: a result below it is 0. */
    private static BuiltinFunction cutoffSimilarity(
            String name, String sentence, String example, ToDoubleBiFunction<String, String> similarity) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(a, b[, cutoff]) -> DOUBLE")
                .describe(sentence, example)
                .typed(
                        DuckDbReturnTypes.DOUBLE,
                        OperandTypes.STRING_STRING.or(OperandTypes.family(
                                SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.NUMERIC)))
                .kernel(call -> new RowKernelExpr(
                        call.name(),
                        List.of(TEXT, TEXT, RowKernelExpr.Operand.DOUBLE).subList(0, call.operandCount()),
                        row -> {
                            double value = similarity.applyAsDouble(row.text(0), row.text(1));
                            return row.operandCount() > 2 && value < row.real(2) ? 0.0 : value;
                        },
                        false,
                        call.operandCount() > 2
                                ? List.of(call.operand(0), call.operand(1), call.operandAs(2, KernelCall.DOUBLE))
                                : call.operands(),
                        call.result()))
                .build();
    }

    private static BuiltinFunction twoTexts(
            String name,
            String resultName,
            SqlReturnTypeInference result,
            String sentence,
            String example,
            boolean mayFail,
            RowKernelExpr.RowFunction function,
            String... aliases) {
        return BuiltinFunction.scalar(name, aliases)
                .signature(name + "(a, b) -> " + resultName)
                .describe(sentence, example)
                .typed(result, OperandTypes.STRING_STRING)
                .rowKernel(List.of(TEXT, TEXT), mayFail, function)
                .build();
    }

    /** A VARCHAR function of one string; the ones that can fail say so in their sentence. */
    /** A message digest of a string's UTF-8 bytes or of a BLOB's bytes, as lower-case hex digits. */
    private static BuiltinFunction digest(String name, String algorithm, String sentence, String example) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(string_or_blob) -> VARCHAR")
                .describe(sentence, example)
                .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER.or(OperandTypes.BINARY))
                .rowKernel(
                        List.of(RowKernelExpr.Operand.BYTES),
                        false,
                        row -> StringFunctions.digest(algorithm, row.bytes(0)))
                .build();
    }

    private static BuiltinFunction textToText(
            String name, String sentence, String example, RowKernelExpr.RowFunction function) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(string) -> VARCHAR")
                .describe(sentence, example)
                .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.CHARACTER)
                .rowKernel(List.of(TEXT), name.equals("url_decode"), function)
                .build();
    }

    /** A formatter over the row's arguments: printf or format. */
    @FunctionalInterface
    private interface Formatter {
        String apply(String format, Object[] arguments);
    }

    /** {@code printf} or {@code format}: integers, DOUBLE (for every other number), BOOLEAN and text arguments. */
    private static BuiltinFunction textFormat(
            String name, String signature, String sentence, String example, Formatter formatter) {
        return BuiltinFunction.scalar(name)
                .signature(signature)
                .describe(sentence, example)
                .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.ONE_OR_MORE)
                .kernel(call -> textFormatKernel(call, formatter))
                .build();
    }

    private static Expr textFormatKernel(KernelCall call, Formatter formatter) {
        List<Expr> operands = new ArrayList<>();
        List<RowKernelExpr.Operand> kinds = new ArrayList<>();
        boolean[] booleans = new boolean[call.operandCount()];
        boolean[] wide = new boolean[call.operandCount()];
        operands.add(call.operand(0));
        kinds.add(TEXT);
        for (int index = 1; index < call.operandCount(); index++) {
            Expr operand = call.operand(index);
            switch (operand.field().getType()) {
                case ArrowType.Int ignored -> {
                    operands.add(operand);
                    kinds.add(INTEGER);
                }
                case ArrowType.Bool ignored -> {
                    booleans[index] = true;
                    operands.add(KernelCall.cast(operand, new ArrowType.Int(64, true)));
                    kinds.add(INTEGER);
                }
                case ArrowType.FloatingPoint ignored -> {
                    operands.add(KernelCall.cast(operand, KernelCall.DOUBLE));
                    kinds.add(DOUBLE);
                }
                // a whole DECIMAL wider than BIGINT is a HUGEINT (or hash()'s UBIGINT) to Quiver: an
                // exact integer, read from its digits; other DECIMALs are DOUBLEs, as in DuckDB
                case ArrowType.Decimal decimal
                when decimal.getScale() == 0 && decimal.getPrecision() > 18 -> {
                    wide[index] = true;
                    operands.add(KernelCall.cast(operand, KernelCall.VARCHAR));
                    kinds.add(TEXT);
                }
                case ArrowType.Decimal decimal -> {
                    operands.add(KernelCall.cast(operand, KernelCall.DOUBLE));
                    kinds.add(DOUBLE);
                }
                default -> {
                    operands.add(KernelCall.cast(operand, KernelCall.VARCHAR));
                    kinds.add(TEXT);
                }
            }
        }
        return new RowKernelExpr(
                call.name(),
                kinds,
                row -> {
                    Object[] arguments = new Object[row.operandCount() - 1];
                    for (int index = 1; index < row.operandCount(); index++) {
                        arguments[index - 1] = switch (kinds.get(index)) {
                            case TEXT -> wide[index] ? new BigInteger(row.text(index)) : row.text(index);
                            case INTEGER -> booleans[index] ? (Object) (row.integer(index) != 0) : row.integer(index);
                            case TIMESTAMP, FINITE_TIMESTAMP -> row.integer(index);
                            case DOUBLE -> row.real(index);
                            case BYTES -> row.bytes(index);
                            case INTERVAL -> row.interval(index);
                        };
                    }
                    return formatter.apply(row.text(0), arguments);
                },
                true,
                operands,
                call.result());
    }

    /** {@code format_bytes} (powers of 1024) or {@code formatReadableDecimalSize} (powers of 1000). */
    private static BuiltinFunction formatBytes(String name, boolean binary, String example, String... aliases) {
        return BuiltinFunction.scalar(name, aliases)
                .signature(name + "(bytes BIGINT) -> VARCHAR")
                .describe(
                        "The number of bytes for a reader, in " + (binary ? "KiB, MiB, ..." : "kB, MB, ...")
                                + " with one decimal.",
                        example)
                .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.INTEGER)
                .rowKernel(List.of(INTEGER), false, row -> StringFunctions.formatBytes(row.integer(0), binary))
                .build();
    }

    /** The separator option of a path function's operand {@code index}: NULL or absent means both slashes. */
    static Expr pathSeparator(KernelCall call, int index) {
        return call.operandCount() > index
                ? KernelCall.textOr(call.operand(index), "both_slash")
                : new LiteralExpr(new Field("$expr", FieldType.nullable(KernelCall.VARCHAR), null), "both_slash");
    }

    /** parse_dirname or parse_dirpath: {@code function} of the path and its separator characters. */
    private static Expr pathKernel(KernelCall call, RowKernelExpr.RowFunction function) {
        Field text = new Field("$expr", FieldType.nullable(KernelCall.VARCHAR), null);
        Expr separators = new RowKernelExpr(
                call.name(),
                List.of(TEXT),
                row -> StringFunctions.pathSeparators(row.text(0)),
                false,
                List.of(pathSeparator(call, 1)),
                text);
        return new RowKernelExpr(
                call.name(), List.of(TEXT, TEXT), function, false, List.of(call.operand(0), separators), call.result());
    }

    /** parse_filename(path[, trim_extension][, separator]): the second operand is either. */
    private static Expr parseFilename(KernelCall call) {
        boolean trimGiven = call.operandCount() > 1 && call.operand(1).field().getType() instanceof ArrowType.Bool;
        Expr trim = trimGiven
                ? KernelCall.cast(call.operand(1), new ArrowType.Int(64, true))
                : new LiteralExpr(new Field("$expr", FieldType.nullable(new ArrowType.Int(64, true)), null), 0L);
        return new RowKernelExpr(
                call.name(),
                List.of(TEXT, INTEGER, TEXT),
                row -> StringFunctions.pathFilename(
                        row.text(0), row.integer(1) != 0, StringFunctions.pathSeparators(row.text(2))),
                false,
                List.of(call.operand(0), trim, pathSeparator(call, trimGiven ? 2 : 1)),
                call.result());
    }

    /** bar(x, min, max[, width]): every operand as DOUBLE, width 80 when not given. */
    private static Expr bar(KernelCall call) {
        List<Expr> operands = new ArrayList<>(call.operandsAs(0, KernelCall.DOUBLE));
        if (operands.size() < 4) {
            operands.add(new LiteralExpr(new Field("$expr", FieldType.nullable(KernelCall.DOUBLE), null), 80.0));
        }
        return new RowKernelExpr(
                call.name(),
                List.of(DOUBLE, DOUBLE, DOUBLE, DOUBLE),
                row -> StringFunctions.bar(row.real(0), row.real(1), row.real(2), row.real(3)),
                true,
                operands,
                call.result());
    }

    /** {@code left_grapheme} or {@code right_grapheme}. */
    private static BuiltinFunction sideGraphemes(String name, boolean leftSide, String example) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(string, count) -> VARCHAR")
                .describe(
                        "As " + (leftSide ? "left" : "right")
                                + ", counting grapheme clusters (an emoji with modifiers counts once).",
                        example)
                .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.STRING_INTEGER)
                .rowKernel(
                        List.of(TEXT, INTEGER),
                        false,
                        row -> StringFunctions.sideGraphemes(row.text(0), row.integer(1), leftSide))
                .build();
    }

    /** {@code hex} or {@code bin}: an integer (its 64-bit two's complement), or a string's or blob's bytes. */
    private static BuiltinFunction digits(String name, boolean hex, String alias, String example) {
        return BuiltinFunction.scalar(name, alias)
                .signature(name + "(integer | string | blob) -> VARCHAR")
                .describe(
                        "An integer in base " + (hex ? "16" : "2") + " (negative: its 64-bit two's complement), or"
                                + " each byte of a string or blob as " + (hex ? "two hex" : "eight binary")
                                + " digits.",
                        example)
                .typed(
                        DuckDbReturnTypes.VARCHAR,
                        OperandTypes.family(SqlTypeFamily.INTEGER)
                                .or(OperandTypes.CHARACTER)
                                .or(OperandTypes.BINARY))
                .kernel(call -> {
                    Expr operand = call.operand(0);
                    boolean integer = operand.field().getType() instanceof ArrowType.Int;
                    return new RowKernelExpr(
                            call.name(),
                            List.of(integer ? INTEGER : RowKernelExpr.Operand.BYTES),
                            integer
                                    ? row -> StringFunctions.integerDigits(row.integer(0), hex)
                                    : row -> StringFunctions.byteDigits(row.bytes(0), hex),
                            false,
                            List.of(integer ? KernelCall.cast(operand, new ArrowType.Int(64, true)) : operand),
                            call.result());
                })
                .build();
    }

    /** {@code unhex} or {@code unbin}: the bytes that hex or binary digits spell. */
    private static BuiltinFunction undigits(String name, boolean hex, String alias, String example) {
        return BuiltinFunction.scalar(name, alias)
                .signature(name + "(string) -> BLOB")
                .describe(
                        "The bytes that " + (hex ? "hex" : "binary") + " digits spell (the first byte takes the"
                                + " digits left over); any other character is an error.",
                        example)
                .typed(DuckDbReturnTypes.BLOB, OperandTypes.CHARACTER)
                .rowKernel(List.of(TEXT), true, row -> StringFunctions.parseDigits(row.text(0), hex))
                .build();
    }

    /** {@code [not_]like_escape} or {@code [not_]ilike_escape}: LIKE with an escape character, as a function. */
    private static BuiltinFunction likeEscape(String name, boolean ignoreCase, boolean negated, String example) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(string, pattern, escape) -> BOOLEAN")
                .describe(
                        "string " + (negated ? "NOT " : "") + (ignoreCase ? "ILIKE" : "LIKE") + " pattern ESCAPE"
                                + " escape.",
                        example)
                .typed(DuckDbReturnTypes.BOOLEAN, OperandTypes.STRING_STRING_STRING)
                .kernel(call -> {
                    Expr value = call.operand(0);
                    Expr pattern = call.operand(1);
                    if (ignoreCase) {
                        value = new CaseConversionExpr(false, value, value.field());
                        pattern = new CaseConversionExpr(false, pattern, pattern.field());
                    }
                    return new LikeExpr(value, pattern, call.operand(2), negated, call.result());
                })
                .build();
    }

    /** {@code lpad} or {@code rpad}. */
    private static BuiltinFunction pad(String name, boolean leftSide, String exampleResult) {
        return BuiltinFunction.scalar(name)
                .signature(name + "(string, width, padding) -> VARCHAR")
                .describe(
                        "The string cut or " + (leftSide ? "left" : "right") + "-padded with padding to width"
                                + " characters.",
                        name + "('7', 3, '0') = " + exampleResult)
                .typed(
                        DuckDbReturnTypes.VARCHAR,
                        OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER, SqlTypeFamily.STRING))
                .rowKernel(
                        List.of(TEXT, INTEGER, TEXT),
                        true,
                        row -> StringFunctions.pad(row.text(0), row.integer(1), row.text(2), leftSide))
                .build();
    }

    private static Expr trim(KernelCall call) {
        TrimExpr.Side side = switch (call.symbol(0, SqlTrimFunction.Flag.class)) {
            case BOTH -> TrimExpr.Side.BOTH;
            case LEADING -> TrimExpr.Side.LEADING;
            case TRAILING -> TrimExpr.Side.TRAILING;
        };
        return new TrimExpr(side, call.operand(1), call.operand(2), call.result());
    }

    /** substring and substr: (string, start[, length]). */
    private static Expr substring(KernelCall call) {
        return new SubstringExpr(
                call.operand(0), call.operand(1), call.operandCount() > 2 ? call.operand(2) : null, call.result());
    }

    private static Expr sideTrim(KernelCall call, TrimExpr.Side side) {
        Expr characters = call.operandCount() > 1
                ? call.operand(1)
                : new LiteralExpr(new Field("$expr", FieldType.nullable(KernelCall.VARCHAR), null), " ");
        return new TrimExpr(side, characters, call.operand(0), call.result());
    }

    /** regexp_matches (a match anywhere) or, {@code whole}, regexp_full_match (the whole string). */
    private static Expr regexpMatches(KernelCall call, boolean whole) {
        List<Expr> operands = call.operands();
        requireConstantOptions(call.name(), operands, 2);
        Pattern constant = constantPattern(operands, 1, 2);
        return new RowKernelExpr(
                call.name(),
                TEXTS.subList(0, operands.size()),
                row -> {
                    Matcher matcher = (constant != null
                                    ? constant
                                    : StringFunctions.compile(row.text(1), row.operandCount() > 2 ? row.text(2) : ""))
                            .matcher(row.text(0));
                    return whole ? matcher.matches() : matcher.find();
                },
                true,
                operands,
                call.result());
    }

    /** {@code a [NOT] SIMILAR TO p}: DuckDB's regexp_full_match(a, p), negated for NOT. */
    private static Expr similarTo(KernelCall call) {
        if (call.operandCount() > 2) {
            throw new QuiverException(ErrorCode.UNSUPPORTED, "SIMILAR TO with ESCAPE is not supported (nor in DuckDB)");
        }
        Expr match = call.result().getType() instanceof ArrowType.Null
                ? LiteralExpr.nullOf(call.result())
                : regexpMatches(call, true);
        return call.name().startsWith("not") ? new NotExpr(match, call.result()) : match;
    }

    private static Expr regexpExtract(KernelCall call) {
        List<Expr> operands = call.operands();
        if (call.result().getType() instanceof ArrowType.Struct) {
            return regexpExtractNamed(call, operands);
        }
        requireConstantGroup(call.name(), operands);
        requireConstantOptions(call.name(), operands, 3);
        Pattern constant = constantPattern(operands, 1, 3);
        // as DuckDB: a NULL group extracts nothing, '' (NULL only for a NULL string or pattern)
        boolean noGroup = operands.size() > 2 && ((LiteralExpr) operands.get(2)).isNull();
        return new RowKernelExpr(
                call.name(),
                noGroup
                        ? List.of(TEXT, TEXT)
                        : List.of(TEXT, TEXT, INTEGER, TEXT).subList(0, operands.size()),
                noGroup
                        ? row -> ""
                        : row -> {
                            Pattern pattern = constant != null
                                    ? constant
                                    : StringFunctions.compile(row.text(1), row.operandCount() > 3 ? row.text(3) : "");
                            return StringFunctions.extractRegex(
                                    row.text(0), pattern, row.operandCount() > 2 ? row.integer(2) : 0);
                        },
                true,
                noGroup ? operands.subList(0, 2) : operands,
                call.result());
    }

    /**
     * regexp_extract(s, p, ['a', 'b'][, options]): a STRUCT of groups 1, 2, ... named by the list
     * (the validator has typed the result from it), NULL when s or p is.
     */
    private static Expr regexpExtractNamed(KernelCall call, List<Expr> operands) {
        requireConstantOptions(call.name(), operands, 3);
        Field result = call.result();
        Expr text = operands.get(0);
        Expr patternText = operands.get(1);
        List<Expr> patternOperands = operands.size() > 3 ? List.of(patternText, operands.get(3)) : List.of(patternText);
        List<Expr> patternAndOptions = new ArrayList<>(List.of(text));
        patternAndOptions.addAll(patternOperands);
        Pattern constant = constantPattern(patternAndOptions, 1, 2);
        int names = result.getChildren().size();
        if (constant != null && constant.matcher("").groupCount() < names) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Not enough capturing groups (" + constant.matcher("").groupCount() + ") for provided names ("
                            + names + ")");
        }
        List<Expr> groups = new ArrayList<>();
        for (int index = 0; index < names; index++) {
            int group = index + 1;
            groups.add(new RowKernelExpr(
                    call.name(),
                    TEXTS.subList(0, patternAndOptions.size()),
                    row -> StringFunctions.extractRegex(
                            row.text(0),
                            constant != null
                                    ? constant
                                    : StringFunctions.compile(row.text(1), row.operandCount() > 2 ? row.text(2) : ""),
                            group),
                    true,
                    patternAndOptions,
                    result.getChildren().get(index)));
        }
        Field bool = new Field("$expr", FieldType.nullable(ArrowType.Bool.INSTANCE), null);
        List<Expr> nullTests = new ArrayList<>();
        for (Expr operand : patternAndOptions) {
            nullTests.add(new NullTestExpr(NullTestExpr.Test.IS_NULL, operand, bool));
        }
        return new CaseExpr(
                List.of(new LogicalExpr(LogicalExpr.Operator.OR, nullTests, bool)),
                List.of(LiteralExpr.nullOf(result)),
                new NestedConstructorExpr(NestedConstructorExpr.Shape.STRUCT, groups, result),
                result);
    }

    /** DuckDB binds the group of regexp_extract as a constant: a column there is refused. */
    private static void requireConstantGroup(String name, List<Expr> operands) {
        if (operands.size() > 2 && !(operands.get(2) instanceof LiteralExpr)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "the group argument of " + name + " must be a constant");
        }
    }

    /**
     * DuckDB binds the options of the regexp_ matching functions once, as a constant: a column there
     * is refused, and so is a NULL (which would otherwise make every row NULL unnoticed).
     */
    private static void requireConstantOptions(String name, List<Expr> operands, int index) {
        if (operands.size() <= index) {
            return;
        }
        if (!(operands.get(index) instanceof LiteralExpr options)) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "the options argument of " + name + " must be a constant");
        }
        if (options.isNull()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "the options argument of " + name + " must not be NULL");
        }
    }

    private static Expr regexpReplace(KernelCall call) {
        List<Expr> operands = call.operands();
        requireConstantOptions(call.name(), operands, 3);
        Pattern constant = constantPattern(operands, 1, 3);
        return new RowKernelExpr(
                call.name(),
                TEXTS.subList(0, operands.size()),
                row -> {
                    String options = row.operandCount() > 3 ? row.text(3) : "";
                    Pattern pattern = constant != null ? constant : StringFunctions.compile(row.text(1), options);
                    return StringFunctions.replaceRegex(row.text(0), pattern, row.text(2), options);
                },
                true,
                operands,
                call.result());
    }

    /** The pattern compiled once when it and its options are constants; null when either varies by row. */
    private static Pattern constantPattern(List<Expr> operands, int patternIndex, int optionsIndex) {
        String pattern = constantString(operands.get(patternIndex));
        String options = operands.size() > optionsIndex ? constantString(operands.get(optionsIndex)) : "";
        return pattern == null || options == null ? null : StringFunctions.compile(pattern, options);
    }

    private static String constantString(Expr operand) {
        return operand instanceof LiteralExpr literal && !literal.isNull() ? (String) literal.value() : null;
    }

    /** Any operands, but no list of lists: DuckDB joins a list argument's elements, one level deep. */
    private static SqlOperandTypeChecker concatWsOperands() {
        return NestedOperands.of(
                1,
                Integer.MAX_VALUE,
                "separator, value, ... (no lists of lists)",
                types -> types.stream()
                        .allMatch(type -> type.getComponentType() == null
                                || type.getComponentType().getComponentType() == null));
    }

    /** concat_ws: a list argument is its non-NULL elements joined by the separator (NULL when it has none). */
    private static Expr concatWs(KernelCall call) {
        Expr separator = call.operandAs(0, KernelCall.VARCHAR);
        Field text = new Field("text", FieldType.nullable(KernelCall.VARCHAR), null);
        List<Expr> values = new ArrayList<>();
        for (int index = 1; index < call.operandCount(); index++) {
            Expr operand = call.operand(index);
            values.add(
                    operand.field().getType() instanceof ArrowType.List
                                    || operand.field().getType() instanceof ArrowType.FixedSizeList
                            ? new ListToStringExpr("concat_ws", operand, separator, text, true)
                            : call.operandAs(index, KernelCall.VARCHAR));
        }
        return new ConcatWsExpr(separator, values, call.result());
    }
}
