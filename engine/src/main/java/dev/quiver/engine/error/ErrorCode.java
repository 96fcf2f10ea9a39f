package dev.quiver.engine.error;

/**
 * Every error Quiver reports, with its category and the SQLSTATE JDBC clients see.
 *
 * <p>The category tells a user error (fix the query or the data) from a resource limit, a failure
 * inside a Python function, or a bug in Quiver.
 */
public enum ErrorCode {
    SYNTAX_ERROR(Category.USER, "42601"),
    UNKNOWN_TABLE(Category.USER, "42P01"),
    UNKNOWN_COLUMN(Category.USER, "42703"),
    UNKNOWN_FUNCTION(Category.USER, "42883"),
    TYPE_MISMATCH(Category.USER, "42804"),
    INVALID_QUERY(Category.USER, "42000"),
    TABLE_EXISTS(Category.USER, "42P07"),
    /** A schema name that names no schema ({@code CREATE TABLE nosuch.t …}). */
    UNKNOWN_SCHEMA(Category.USER, "3F000"),
    /** A DROP without CASCADE of an object others depend on (a schema with tables, a sequence in a DEFAULT). */
    DEPENDENT_OBJECTS(Category.USER, "2BP01"),
    /** nextval past a sequence's MAXVALUE or MINVALUE without CYCLE, or currval before nextval. */
    SEQUENCE_LIMIT(Category.USER, "2200H"),
    FUNCTION_EXISTS(Category.USER, "42723"),
    /** A CREATE FUNCTION whose Python does not compile, import or match its SQL signature. */
    INVALID_FUNCTION_DEFINITION(Category.USER, "42P13"),
    DIVISION_BY_ZERO(Category.USER, "22012"),
    NUMERIC_OVERFLOW(Category.USER, "22003"),
    INVALID_CAST(Category.USER, "22018"),
    INVALID_ARGUMENT(Category.USER, "22023"),
    NOT_NULL_VIOLATION(Category.USER, "23502"),
    /** A row would repeat the key of a PRIMARY KEY or UNIQUE constraint. */
    UNIQUE_VIOLATION(Category.USER, "23505"),
    /** A row fails a CHECK constraint. */
    CHECK_VIOLATION(Category.USER, "23514"),
    CARDINALITY_VIOLATION(Category.USER, "21000"),
    /** A statement that needs a transaction when none is open, or the reverse, or one that failed. */
    TRANSACTION_STATE(Category.USER, "25000"),
    /** A transaction changed rows another transaction changed and committed first; retry it. */
    SERIALIZATION_FAILURE(Category.USER, "40001"),
    UNSUPPORTED(Category.USER, "0A000"),
    IO_ERROR(Category.USER, "58030"),
    CANCELLED(Category.USER, "57014"),
    /** A database file another Quiver (this process or another) has open; DuckDB locks the file. */
    DATABASE_IN_USE(Category.USER, "55006"),
    /** The JVM lacks an option Quiver needs (--add-opens for Arrow, native access for Python). */
    JVM_OPTIONS_MISSING(Category.USER, "58000"),
    /** The user's role does not allow the statement (a server's reader trying to write). */
    PERMISSION_DENIED(Category.USER, "42501"),
    /** A wrong user name, password or session token; the message never says which. */
    AUTHENTICATION_FAILED(Category.USER, "28P01"),
    MEMORY_LIMIT(Category.RESOURCE, "53200"),
    /** A server has as many client sessions open as it allows. */
    TOO_MANY_SESSIONS(Category.RESOURCE, "53300"),
    PYTHON_ERROR(Category.PYTHON, "38000"),
    /** Python could not be loaded or the interpreter pool is closed. */
    PYTHON_UNAVAILABLE(Category.RESOURCE, "58000"),
    INTERNAL(Category.INTERNAL, "XX000");

    /** Who has to act on an error. */
    public enum Category {
        /** The query, its data or its use of the API is wrong. */
        USER,
        /** A configured limit was reached. */
        RESOURCE,
        /** A Python function failed. */
        PYTHON,
        /** A bug in Quiver. */
        INTERNAL
    }

    private final Category category;
    private final String sqlState;

    ErrorCode(Category category, String sqlState) {
        this.category = category;
        this.sqlState = sqlState;
    }

    public Category category() {
        return category;
    }

    public String sqlState() {
        return sqlState;
    }
}
