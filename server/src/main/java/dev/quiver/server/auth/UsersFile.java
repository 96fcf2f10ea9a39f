package dev.quiver.server.auth;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's users: a text file with one {@code USER:ROLE:HASH} line per user (see
 * {@link PasswordHash}); lines starting with {@code #} are comments. Written only by
 * {@code quiver server passwd}, readable by the server's user only (mode 600).
 */
public final class UsersFile {
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    /** One user's line. */
    public record User(String name, Role role, String passwordHash) {}

    private final Map<String, User> users;

    private UsersFile(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads {@code path}.
     *
     * @throws QuiverException IO_ERROR when it cannot be read, INVALID_ARGUMENT (with the line
     *     number) for a malformed line
     */
    public static UsersFile read(Path path) {
        return new UsersFile(parse(path, readLines(path)));
    }

    /** The user named {@code name}. */
    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** The iteration count of the first user's hash (the default when there is none). */
    public int typicalIterations() {
        return users.values().stream()
                .map(user -> PasswordHash.iterations(user.passwordHash()))
                .findFirst()
                .orElse(PasswordHash.DEFAULT_ITERATIONS);
    }

    public int size() {
        return users.size();
    }

    /**
     * Adds a user or changes one's password (and role, when {@code role} is not null) in the file at
     * {@code path}, creating it; replaces the file atomically.
     *
     * @throws QuiverException INVALID_ARGUMENT for a bad user name or a new user without a role
     */
    public static void setPassword(Path path, String name, Role role, char[] password, int iterations) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "user name '" + name + "' is not 1 to 64 letters, digits or . _ @ -");
        }
        List<String> lines = Files.exists(path) ? readLines(path) : List.of();
        Map<String, User> existing = parse(path, lines);
        Role newRole = role != null
                ? role
                : Optional.ofNullable(existing.get(name))
                        .map(User::role)
                        .orElseThrow(() -> new QuiverException(
                                ErrorCode.INVALID_ARGUMENT,
                                "new user " + name + " needs a role: --role admin|writer|reader"));
        String line = name + ":" + newRole.label() + ":" + PasswordHash.create(password, iterations);
        List<String> updated = new ArrayList<>();
        boolean replaced = false;
        for (String old : lines) {
            if (!isComment(old) && old.startsWith(name + ":")) {
                updated.add(line);
                replaced = true;
            } else {
                updated.add(old);
            }
        }
        if (!replaced) {
            if (lines.isEmpty()) {
                updated.add("# Quiver server users: USER:ROLE:PBKDF2 hash. Edit with quiver server passwd.");
            }
            updated.add(line);
        }
        write(path, updated);
    }

    private static void write(Path path, List<String> lines) {
        try {
            Path absolute = path.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".users", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions protect the file
                }
                Files.write(temporary, lines, StandardCharsets.UTF_8);
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new QuiverException(ErrorCode.IO_ERROR, "cannot write users file " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new QuiverException(
                    ErrorCode.IO_ERROR,
                    "users file " + path + " does not exist: create it with quiver server passwd USER --users " + path
                            + " --role admin",
                    e);
        } catch (IOException e) {
            throw new QuiverException(ErrorCode.IO_ERROR, "cannot read users file " + path + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, User> parse(Path path, List<String> lines) {
        Map<String, User> users = new LinkedHashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (isComment(line)) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length != 3 || !USER_NAME.matcher(parts[0]).matches()) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        path + " line " + (index + 1)
                                + ": expected USER:ROLE:HASH (write it with quiver server passwd)");
            }
            users.put(parts[0], new User(parts[0], Role.parse(parts[1]), parts[2]));
        }
        return users;
    }

    private static boolean isComment(String line) {
        return line.isBlank() || line.strip().startsWith("#");
    }
}
