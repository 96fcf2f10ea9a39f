package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.sql.OrderDefaults;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/**
 * A session's settings ({@code SET name = value}, {@code RESET name | ALL}): the registered
 * {@link Setting}s with this session's values. Built in: {@code threads} (how many worker threads
 * one query uses), {@code memory_limit} (the memory one query may use) and
 * {@code statement_timeout} (milliseconds after which a statement is cancelled; 0: never) and
 * {@code TimeZone} (the zone TIMESTAMPTZ values are shown and computed in; UTC by default).
 *
 * <p>{@code SET} is per session (a JDBC statement's session shares nothing with another's);
 * {@code SET GLOBAL} gives every session of the database a value it has not SET itself. The
 * registry is process-wide and thread-safe.
 */
final class SessionSettings {
    private static final Map<String, Setting> REGISTRY = new ConcurrentSkipListMap<>();
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|sec|seconds?|min|minutes?|h)?\\s*");

    static {
        register(new Setting(
                "threads",
                "The number of worker threads one query runs on (at most the database's worker pool)",
                "BIGINT",
                config -> (long) config.threads(),
                text -> positive(text, "threads")));
        register(new Setting(
                "memory_limit",
                "The memory one query may use, e.g. 512MB or 4GiB",
                "VARCHAR",
                config -> config.queryMemoryLimit() + " bytes",
                text -> {
                    long bytes = QuiverConfig.parseByteSize(text.strip());
                    if (bytes <= 0) {
                        throw new IllegalArgumentException("memory_limit must be more than 0 bytes");
                    }
                    return bytes + " bytes";
                }));
        register(new Setting(
                "statement_timeout",
                "Milliseconds after which a statement is cancelled (0: no limit); also '30s', '2min'",
                "BIGINT",
                config -> 0L,
                SessionSettings::milliseconds));
        register(new Setting(
                "timezone",
                "The time zone TIMESTAMP WITH TIME ZONE values are shown and computed in, e.g. 'UTC', 'Europe/Amsterdam'",
                "VARCHAR",
                config -> "UTC",
                SessionSettings::timeZoneName));
        register(new Setting(
                PythonPathSetting.NAME,
                "Directories (or .zip files) put first on every Python interpreter's sys.path, for the whole"
                        + " database; stored with a durable database (SET python_path = 'DIR[:DIR...]')",
                "VARCHAR",
                config -> PythonPathSetting.text(config.python().path()),
                text -> text));
        register(new Setting(
                "ieee_floating_point_ops",
                "Whether DOUBLE functions follow IEEE 754 (ln(0) is -inf, sqrt(-1) NaN); false makes arguments"
                        + " outside a function's domain errors, as DuckDB does then",
                "BOOLEAN",
                config -> true,
                SessionSettings::bool));
        register(new Setting(
                "default_order",
                "The order type used when none is specified (ASC or DESC)",
                "VARCHAR",
                config -> "ASCENDING",
                text -> OrderDefaults.parseOrder(text.strip())));
        register(new Setting(
                "default_null_order",
                "The NULL ordering used when none is specified (NULLS_FIRST, NULLS_LAST,"
                        + " NULLS_FIRST_ON_ASC_LAST_ON_DESC or NULLS_LAST_ON_ASC_FIRST_ON_DESC)",
                "VARCHAR",
                config -> OrderDefaults.NullOrder.NULLS_LAST.name(),
                text -> OrderDefaults.NullOrder.parse(text.strip()).name()));
        register(new Setting(
                "lambda_syntax",
                "DuckDB's lambda syntax switch; Quiver always reads x -> e lambdas, so this only keeps scripts"
                        + " portable (DEFAULT, ENABLE_SINGLE_ARROW or DISABLE_SINGLE_ARROW)",
                "VARCHAR",
                config -> "DEFAULT",
                text -> {
                    String value = text.strip().toUpperCase(Locale.ROOT);
                    if (!List.of("DEFAULT", "ENABLE_SINGLE_ARROW", "DISABLE_SINGLE_ARROW")
                            .contains(value)) {
                        throw new IllegalArgumentException(
                                "lambda_syntax must be DEFAULT, ENABLE_SINGLE_ARROW or DISABLE_SINGLE_ARROW");
                    }
                    return value;
                }));
    }

    private final QuiverConfig config;
    private final Map<String, Object> globals;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    /** @param globals the database's SET GLOBAL values, shared by its sessions */
    SessionSettings(QuiverConfig config, Map<String, Object> globals) {
        this.config = config;
        this.globals = globals;
    }

    /**
     * Every value SET in this session and globally, as of now: equal fingerprints mean a statement
     * plans the same way (its time zone, current_setting values …), which a prepared plan checks.
     */
    Object fingerprint() {
        return List.of(Map.copyOf(globals), Map.copyOf(values));
    }

    /**
     * Adds a setting every session knows from now on (replacing one of that name). For parts of
     * Quiver that configure themselves per session; call it before sessions read the setting.
     */
    static void register(Setting setting) {
        REGISTRY.put(setting.name(), setting);
    }

    /** Runs SET or RESET; with GLOBAL, for every session of the database that has not SET its own. */
    QueryResult run(SqlSetOption option) {
        String name = option.name().toString().toLowerCase(Locale.ROOT);
        Map<String, Object> target = "GLOBAL".equals(option.getScope()) ? globals : values;
        if (option.getValue() == null) {
            if (name.equals("all")) {
                // python_path is the database's, changed only by its own SET/RESET
                target.keySet().removeIf(key -> !key.equals(PythonPathSetting.NAME));
            } else {
                target.remove(setting(name, option).name());
            }
            return QueryResult.ofUpdateCount(0);
        }
        Setting setting = setting(name, option);
        String text = valueText(option.getValue());
        try {
            target.put(setting.name(), setting.parse().apply(text));
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "invalid value for " + setting.name() + ": " + e.getMessage(),
                    option.getValue().getParserPosition().getLineNum(),
                    option.getValue().getParserPosition().getColumnNum(),
                    null);
        }
        return QueryResult.ofUpdateCount(0);
    }

    private static String valueText(SqlNode value) {
        return switch (value) {
            case SqlCharStringLiteral string -> string.getValueAs(String.class);
            case SqlLiteral literal -> literal.toValue();
            case SqlIdentifier identifier -> identifier.toString();
            default -> value.toString();
        };
    }

    private static Setting setting(String name, SqlSetOption option) {
        Setting setting = REGISTRY.get(name);
        if (setting == null) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "unrecognized configuration parameter \"" + name + "\" (Quiver's settings: "
                            + String.join(", ", REGISTRY.keySet()) + ")",
                    option.name().getParserPosition().getLineNum(),
                    option.name().getParserPosition().getColumnNum(),
                    null);
        }
        return setting;
    }

    /** The value of a setting in this session, or null when there is no such setting. */
    Object value(String name) {
        Setting setting = REGISTRY.get(name.toLowerCase(Locale.ROOT));
        if (setting == null) {
            return null;
        }
        Object value = values.get(setting.name());
        if (value == null) {
            value = globals.get(setting.name());
        }
        return value != null ? value : setting.defaultValue().apply(config);
    }

    /** Every setting with its value here: name, value (as text), description, input type. */
    List<List<String>> listing() {
        return REGISTRY.values().stream()
                .map(setting -> List.of(
                        setting.name(),
                        String.valueOf(value(setting.name())),
                        setting.description(),
                        setting.inputType()))
                .toList();
    }

    /** Whether {@code name} is a setting. */
    static boolean exists(String name) {
        return REGISTRY.containsKey(name.toLowerCase(Locale.ROOT));
    }

    int threads() {
        return (int) (long) (Long) value("threads");
    }

    long memoryLimit() {
        String text = (String) value("memory_limit");
        return Long.parseLong(text.substring(0, text.indexOf(' ')));
    }

    long statementTimeoutMillis() {
        return (Long) value("statement_timeout");
    }

    /** The {@code ieee_floating_point_ops} setting. */
    boolean ieeeFloatingPointOps() {
        return (Boolean) value("ieee_floating_point_ops");
    }

    /** The {@code default_order} and {@code default_null_order} settings. */
    OrderDefaults orderDefaults() {
        return new OrderDefaults(value("default_order").equals("DESC"), OrderDefaults.NullOrder.valueOf((String)
                value("default_null_order")));
    }

    private static Object bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "on", "1", "yes" -> true;
            case "false", "f", "off", "0", "no" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        };
    }

    /** The session's time zone (the {@code TimeZone} setting). */
    ZoneId timeZone() {
        return ZonedTimes.zone((String) value("timezone"));
    }

    private static Object timeZoneName(String text) {
        try {
            ZoneId zone = ZonedTimes.zone(text);
            return zone == ZoneOffset.UTC ? "UTC" : zone.getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (a name from the tz database, e.g. 'UTC', 'Europe/Amsterdam')", e);
        }
    }

    private static Object positive(String text, String name) {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 1, not '" + text + "'");
    }

    private static Object milliseconds(String text) {
        Matcher match = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!match.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (milliseconds, or e.g. '500ms', '30s', '2min', '1h')");
        }
        long amount = Long.parseLong(match.group(1));
        String unit = match.group(2) == null ? "ms" : match.group(2);
        return switch (unit) {
            case "ms" -> amount;
            case "s", "sec", "second", "seconds" -> amount * 1_000;
            case "min", "minute", "minutes" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
    }
}
