package dev.quiver.sqltest.runner;

import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Handles Quiver's {@code CALL tpch(<scale factor>)} (or, made with {@link #loadingWith(String,
 * TpchLoader)}, {@code CALL tpcds(…)}) on DuckDB: a {@link TpchLoader} creates the tables in DuckDB
 * from the same generator Quiver uses, so both engines hold identical data. Without a loader, the
 * statement is {@link EngineResult.Unavailable} on DuckDB.
 */
public final class TpchHook implements StatementHook {
    private static final String CALL_PATTERN = "(?is)\\s*CALL\\s+%s\\s*\\(\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*\\)\\s*";

    /**
     * Creates the TPC-H tables (region, nation, supplier, customer, part, partsupp, orders, lineitem)
     * at a scale factor in a DuckDB connection, with the rows Quiver's {@code CALL tpch} produces.
     */
    @FunctionalInterface
    public interface TpchLoader {
        void load(double scaleFactor, Connection duckdb) throws Exception;
    }

    private final Pattern call;
    private final TpchLoader loader;

    private TpchHook(String procedure, TpchLoader loader) {
        this.call = Pattern.compile(CALL_PATTERN.formatted(Pattern.quote(procedure)));
        this.loader = loader;
    }

    /** A hook that loads data through {@code loader}. */
    public static TpchHook loadingWith(TpchLoader loader) {
        return new TpchHook("tpch", loader);
    }

    /** A hook for {@code CALL <procedure>(sf)} (e.g. {@code tpcds}) that loads data through {@code loader}. */
    public static TpchHook loadingWith(String procedure, TpchLoader loader) {
        return new TpchHook(procedure, loader);
    }

    /** A hook that recognises {@code CALL tpch} but has no way to load the data into DuckDB. */
    public static TpchHook withoutLoader() {
        return new TpchHook("tpch", null);
    }

    @Override
    public boolean matches(String sql) {
        return call.matcher(sql).matches();
    }

    @Override
    public EngineResult apply(String sql, Connection duckdb) {
        Matcher matcher = call.matcher(sql);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a CALL tpch statement: " + sql);
        }
        if (loader == null) {
            return new EngineResult.Unavailable("DuckDB has no TPC-H tables: its tpch extension cannot be "
                    + "downloaded here, and no TpchLoader (Quiver's generator feeding DuckDB) is connected in "
                    + "DuckDbEngine.defaultHooks()");
        }
        try {
            loader.load(Double.parseDouble(matcher.group(1)), duckdb);
            return new EngineResult.Done(-1);
        } catch (Exception e) {
            return new EngineResult.Failed("loading TPC-H data into DuckDB failed: " + e, true);
        }
    }
}
