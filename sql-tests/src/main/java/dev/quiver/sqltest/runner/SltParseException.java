package dev.quiver.sqltest.runner;

/** A {@code .test} file that does not follow the format; the message names the file and line. */
public final class SltParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SltParseException(String path, int line, String message) {
        super(path + ":" + line + ": " + message);
    }
}
