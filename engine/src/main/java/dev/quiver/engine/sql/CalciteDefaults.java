package dev.quiver.engine.sql;

/**
 * Calcite settings Quiver needs before any Calcite class reads them: string literals are UTF-8
 * (Calcite's default, ISO-8859-1, cannot hold '日本' and failed such queries as internal errors).
 * Calcite reads these system properties once, when its first class loads, so every Quiver entry
 * point calls {@link #install()} first. A value the user set explicitly is kept.
 */
public final class CalciteDefaults {
    private CalciteDefaults() {}

    public static void install() {
        setIfAbsent("calcite.default.charset", "UTF-8");
        setIfAbsent("calcite.default.nationalcharset", "UTF-8");
        setIfAbsent("calcite.default.collation.name", "UTF-8$en_US");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
