package dev.quiver.server.auth;

import dev.quiver.engine.StatementKind;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.Locale;

/**
 * What a user may run. {@code admin} may do everything, including creating Python functions (code
 * that runs as the server's operating-system user) and attaching database files; {@code writer}
 * may change tables and their rows; {@code reader} may only query.
 */
public enum Role {
    READER,
    WRITER,
    ADMIN;

    /** Whether this role may run a statement of {@code kind}. */
    public boolean allows(StatementKind kind) {
        return switch (kind) {
            case READ, SESSION -> true;
            case WRITE, TABLE_DDL -> this != READER;
            case FUNCTION_DDL, DATABASE, ADMINISTRATION -> this == ADMIN;
        };
    }

    /**
     * Fails unless this role may run {@code kind}.
     *
     * @throws QuiverException PERMISSION_DENIED, naming the user, the role and the role needed
     */
    public void check(StatementKind kind, String user) {
        if (!allows(kind)) {
            Role needed = WRITER.allows(kind) ? WRITER : ADMIN;
            throw new QuiverException(
                    ErrorCode.PERMISSION_DENIED,
                    "permission denied: user " + user + " has role " + label() + ", which may not run " + describe(kind)
                            + "; that needs role " + needed.label());
        }
    }

    private static String describe(StatementKind kind) {
        return switch (kind) {
            case READ -> "queries";
            case SESSION -> "session statements";
            case WRITE -> "statements that change rows or write files (INSERT, CALL, COPY)";
            case TABLE_DDL -> "CREATE or DROP TABLE";
            case FUNCTION_DDL -> "CREATE or DROP FUNCTION (Python code runs inside the server)";
            case DATABASE -> "ATTACH or DETACH (they open files on the server)";
            case ADMINISTRATION -> "this statement";
        };
    }

    /** The name used in the users file and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code label} (any case).
     *
     * @throws QuiverException INVALID_ARGUMENT for an unknown name
     */
    public static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label.strip())) {
                return role;
            }
        }
        throw new QuiverException(
                ErrorCode.INVALID_ARGUMENT, "unknown role '" + label + "': use admin, writer or reader");
    }
}
