package dev.quiver.engine.error;

/**
 * The one exception type Quiver throws to its users: an {@link ErrorCode}, a message that says what
 * was wrong and, for errors in SQL text, where (1-based line and column).
 */
public final class QuiverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int line;
    private final int column;

    public QuiverException(ErrorCode code, String message) {
        this(code, message, 0, 0, null);
    }

    public QuiverException(ErrorCode code, String message, Throwable cause) {
        this(code, message, 0, 0, cause);
    }

    public QuiverException(ErrorCode code, String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.line = line;
        this.column = column;
    }

    /** An error that is a bug in Quiver; the message says so. */
    public static QuiverException internal(String message, Throwable cause) {
        return new QuiverException(ErrorCode.INTERNAL, "internal error (a bug in Quiver): " + message, cause);
    }

    public ErrorCode code() {
        return code;
    }

    /** 1-based line of the error in the SQL text, or 0 when it has no position. */
    public int line() {
        return line;
    }

    /** 1-based column of the error in the SQL text, or 0 when it has no position. */
    public int column() {
        return column;
    }

    /** The message with its position, as a user sees it: {@code Syntax error at line 1, column 8: …}. */
    public String describe() {
        String prefix = switch (code.category()) {
            case USER -> "";
            case RESOURCE -> "Resource limit: ";
            case PYTHON -> "Python error: ";
            case INTERNAL -> "";
        };
        String position = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        return prefix + getMessage() + position;
    }
}
