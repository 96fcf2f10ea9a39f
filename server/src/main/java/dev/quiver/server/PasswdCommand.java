package dev.quiver.server;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.auth.PasswordHash;
import dev.quiver.server.auth.Role;
import dev.quiver.server.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver server passwd USER --users FILE [--role ROLE]}: adds a user or changes one's
 * password (and role). The password comes from standard input — asked twice at a terminal, else
 * one line — never from the command line, where other users of the machine could read it.
 */
@Command(
        name = "passwd",
        mixinStandardHelpOptions = true,
        description = {
            "Add a user to a users file, or change a user's password or role.",
            "The password is read from standard input (asked twice at a terminal), never from an argument."
        })
final class PasswdCommand implements Callable<Integer> {
    private static final int MIN_PASSWORD_LENGTH = 8;

    @Parameters(index = "0", paramLabel = "USER", description = "The user name.")
    String user;

    @Option(
            names = "--users",
            required = true,
            paramLabel = "FILE",
            description = "The users file (created if missing).")
    Path users;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "admin (everything, including CREATE FUNCTION and ATTACH), writer (tables and rows) or"
                    + " reader (queries only). Required for a new user.")
    String role;

    @Override
    public Integer call() throws IOException {
        Role parsed = role == null ? null : Role.parse(role);
        char[] password = readPassword();
        try {
            if (password.length < MIN_PASSWORD_LENGTH) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
            }
            UsersFile.setPassword(users, user, parsed, password, PasswordHash.DEFAULT_ITERATIONS);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("quiver server passwd: " + user + " saved in " + users);
        return 0;
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "the two passwords differ");
            }
            Arrays.fill(second, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "no password on standard input");
        }
        return line.toCharArray();
    }
}
