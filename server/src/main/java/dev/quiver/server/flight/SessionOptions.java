package dev.quiver.server.flight;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.StatementKind;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.server.session.ClientSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SessionOptionValueVisitor;
import org.apache.arrow.flight.SetSessionOptionsResult;

/**
 * Flight session options as Quiver's session settings (the ones {@code SET} changes and {@code
 * duckdb_settings()} lists): SetSessionOptions runs {@code SET name = value} (an empty value:
 * {@code RESET name}) in the client's session, GetSessionOptions answers every setting's value.
 * A name is checked against the settings before it becomes SQL, a value becomes a literal.
 */
final class SessionOptions {
    private static final String LISTING = "SELECT name, value, input_type FROM duckdb_settings()";

    private SessionOptions() {}

    /** Sets each option; an unknown name or a value the setting refuses is that option's error only. */
    static SetSessionOptionsResult set(ClientSession session, Map<String, SessionOptionValue> options) {
        Map<String, Listed> known = listing(session);
        Map<String, SetSessionOptionsResult.Error> errors = new LinkedHashMap<>();
        options.forEach((name, value) -> {
            String setting = name.toLowerCase(Locale.ROOT);
            if (!known.containsKey(setting)) {
                errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_NAME));
                return;
            }
            String literal = value.acceptVisitor(LITERAL);
            if (literal == null) {
                errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
                return;
            }
            String sql = literal.isEmpty() ? "RESET " + setting : "SET " + setting + " = " + literal;
            try {
                session.role().check(StatementKind.of(sql), session.user());
                session.withSession(engine -> {
                    engine.execute(sql).close();
                    return null;
                });
            } catch (QuiverException e) {
                errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
            }
        });
        return new SetSessionOptionsResult(errors);
    }

    /** Every setting's value in the session: numbers and booleans typed, the rest as text. */
    static GetSessionOptionsResult get(ClientSession session) {
        Map<String, SessionOptionValue> values = new LinkedHashMap<>();
        listing(session).forEach((name, listed) -> values.put(name, listed.value()));
        return new GetSessionOptionsResult(values);
    }

    /** A setting's current value and its SQL type, as duckdb_settings() lists them. */
    private record Listed(String text, String inputType) {
        SessionOptionValue value() {
            try {
                return switch (inputType) {
                    case "BIGINT", "INTEGER" -> SessionOptionValueFactory.makeSessionOptionValue(Long.parseLong(text));
                    case "BOOLEAN" -> SessionOptionValueFactory.makeSessionOptionValue(Boolean.parseBoolean(text));
                    default -> SessionOptionValueFactory.makeSessionOptionValue(text);
                };
            } catch (NumberFormatException e) { // a size or a name in a numeric setting: keep its text
                return SessionOptionValueFactory.makeSessionOptionValue(text);
            }
        }
    }

    private static Map<String, Listed> listing(ClientSession session) {
        return session.withSession(engine -> {
            Map<String, Listed> settings = new LinkedHashMap<>();
            try (QueryResult result = engine.execute(LISTING)) {
                for (List<Object> row : result.rows()) {
                    settings.put(
                            String.valueOf(row.get(0)),
                            new Listed(String.valueOf(row.get(1)), String.valueOf(row.get(2))));
                }
            }
            return settings;
        });
    }

    /** An option value as a SQL literal; empty for "no value" (RESET); null for a list (no setting takes one). */
    private static final SessionOptionValueVisitor<String> LITERAL = new SessionOptionValueVisitor<>() {
        @Override
        public String visit(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        @Override
        public String visit(boolean value) {
            return Boolean.toString(value);
        }

        @Override
        public String visit(long value) {
            return Long.toString(value);
        }

        @Override
        public String visit(double value) {
            return Double.isFinite(value) ? Double.toString(value) : null;
        }

        @Override
        public String visit(String[] value) {
            return null;
        }

        @Override
        public String visit(Void value) {
            return "";
        }
    };
}
