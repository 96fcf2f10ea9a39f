package dev.quiver.server.auth;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Which files SQL may read on the server's host: admins any; other roles only files under the
 * directories given with {@code --allow-path} (none by default), named by a string literal in a
 * file function ({@code read_parquet}, {@code read_csv}) or a COPY. A path that is not a literal (a
 * parameter, an expression) is refused for them, since it cannot be checked before the query runs.
 * ATTACH is admin-only by role already.
 */
public final class FileAccessPolicy {
    private static final Set<String> FILE_FUNCTIONS = Set.of("read_parquet", "read_csv");

    private final List<Path> allowed;

    /** @param allowed directories non-admins may read below (made absolute and real here) */
    public FileAccessPolicy(List<Path> allowed) {
        List<Path> real = new ArrayList<>();
        for (Path directory : allowed) {
            real.add(realPrefix(directory.toAbsolutePath().normalize()));
        }
        this.allowed = List.copyOf(real);
    }

    /**
     * Fails unless {@code role} may read every file {@code sql} names.
     *
     * @throws QuiverException PERMISSION_DENIED naming the path and the allowed directories
     */
    public void check(String sql, Role role, String user) {
        if (role == Role.ADMIN) {
            return;
        }
        SqlNode statement = SqlParsing.parseStatement(sql);
        if (statement instanceof SqlCopy copy) {
            checkPath(copy.path(), copy.isFrom() ? "read" : "write", "COPY", user);
        }
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getOperator() != null
                        && FILE_FUNCTIONS.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))) {
                    checkPaths(call.getOperator().getName().toLowerCase(Locale.ROOT), call, user);
                }
                return super.visit(call);
            }
        });
    }

    private void checkPaths(String function, SqlCall call, String user) {
        if (call.operandCount() == 0) {
            return; // the function reports its missing argument itself
        }
        List<String> paths = new ArrayList<>();
        collectLiterals(call.operand(0), paths, function, user);
        for (String path : paths) {
            checkPath(path, "read", function, user);
        }
    }

    private void checkPath(String path, String verb, String statement, String user) {
        if (!isAllowed(path)) {
            throw new QuiverException(
                    ErrorCode.PERMISSION_DENIED,
                    "permission denied: user " + user + " may not " + verb + " '" + path + "' with " + statement
                            + (allowed.isEmpty()
                                    ? ": only admins " + verb + " files on this server (start it with --allow-path DIR)"
                                    : ": files must be below " + allowed));
        }
    }

    private static void collectLiterals(SqlNode node, List<String> paths, String function, String user) {
        switch (node) {
            case SqlCharStringLiteral literal -> paths.add(literal.getValueAs(String.class));
            case SqlCall list -> {
                for (SqlNode operand : list.getOperandList()) {
                    collectLiterals(operand, paths, function, user);
                }
            }
            default ->
                throw new QuiverException(
                        ErrorCode.PERMISSION_DENIED,
                        "permission denied: user " + user + " must name the file of " + function
                                + " with a string literal, so that the server can check it");
        }
    }

    private boolean isAllowed(String text) {
        Path path;
        try {
            // a glob reads files below the part before its first wildcard
            int wildcard = firstWildcard(text);
            path = Path.of(wildcard < 0 ? text : text.substring(0, wildcard) + "x");
        } catch (InvalidPathException e) {
            return false;
        }
        Path real = realPrefix(path.toAbsolutePath().normalize());
        return allowed.stream().anyMatch(real::startsWith);
    }

    private static int firstWildcard(String text) {
        for (int index = 0; index < text.length(); index++) {
            if ("*?[{".indexOf(text.charAt(index)) >= 0) {
                return index;
            }
        }
        return -1;
    }

    /** The path with its longest existing ancestor replaced by its real path: symbolic links cannot lead out. */
    private static Path realPrefix(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }
}
