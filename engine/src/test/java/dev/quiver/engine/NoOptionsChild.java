package dev.quiver.engine;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Run by {@link JvmRequirementsTest} in a JVM without Quiver's options: prints what connecting says. */
final class NoOptionsChild {
    private NoOptionsChild() {}

    public static void main(String[] args) {
        try (var connection = DriverManager.getConnection("jdbc:quiver:")) {
            System.out.println("connected without the options");
        } catch (SQLException e) {
            System.out.println("SQLSTATE " + e.getSQLState() + ": " + e.getMessage());
        }
    }
}
