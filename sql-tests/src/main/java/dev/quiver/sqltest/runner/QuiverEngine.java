package dev.quiver.sqltest.runner;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Quiver as a {@link SqlEngine}: a fresh in-memory database and one session, driven through
 * {@link Session#execute}.
 *
 * <p>A {@link QuiverException} becomes {@link EngineResult.Failed} with the message
 * {@code <ERROR_CODE>: <describe()>} (so a {@code statement error} record can expect a code such as
 * {@code UNKNOWN_TABLE}); the INTERNAL code, and any other exception escaping {@code execute}, count as
 * internal errors.
 */
public final class QuiverEngine implements SqlEngine {
    public static final String NAME = "quiver";

    private final Quiver database;
    private final Session session;

    private QuiverEngine(Quiver database) {
        this.database = database;
        this.session = database.newSession();
    }

    /** Opens a new, empty in-memory database with the default configuration. */
    public static QuiverEngine open() {
        return new QuiverEngine(Quiver.open());
    }

    /** Drives {@code database} (for tables a test made itself); closing the engine closes it. */
    public static QuiverEngine over(Quiver database) {
        return new QuiverEngine(database);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineResult execute(String sql) {
        try (QueryResult result = session.execute(sql)) {
            if (!result.hasRows()) {
                return new EngineResult.Done(result.updateCount());
            }
            List<EngineResult.Column> columns = new ArrayList<>();
            for (Field field : result.fields()) {
                columns.add(new EngineResult.Column(field.getName(), kindOf(field.getType())));
            }
            List<List<String>> rows = new ArrayList<>();
            for (List<Object> row : result.rows()) {
                rows.add(row.stream().map(ValueFormatter::format).toList());
            }
            return new EngineResult.Rows(columns, rows);
        } catch (QuiverException e) {
            return new EngineResult.Failed(
                    e.code().name() + ": " + e.describe(), e.code().category() == ErrorCode.Category.INTERNAL);
        } catch (RuntimeException | Error e) {
            return new EngineResult.Failed(
                    "Session.execute threw " + e + " instead of a QuiverException (a bug in Quiver)", true);
        }
    }

    /** Cancels the statement {@link #execute} is running, from another thread (it then fails CANCELLED). */
    public void cancel() {
        session.cancel();
    }

    /** The column kind of an Arrow type. */
    static ColumnKind kindOf(ArrowType type) {
        return switch (type.getTypeID()) {
            case Bool -> ColumnKind.BOOLEAN;
            case Int -> ColumnKind.INTEGER;
            case Decimal -> ColumnKind.DECIMAL;
            case FloatingPoint ->
                ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
                        ? ColumnKind.DOUBLE
                        : ColumnKind.REAL;
            case Utf8, LargeUtf8, Utf8View -> ColumnKind.TEXT;
            case Date -> ColumnKind.DATE;
            case Time -> ColumnKind.TIME;
            case Timestamp -> ColumnKind.TIMESTAMP;
            default -> ColumnKind.OTHER;
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            database.close();
        }
    }
}
