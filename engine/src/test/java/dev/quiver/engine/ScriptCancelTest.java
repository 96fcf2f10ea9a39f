package dev.quiver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.udf.testing.StartSignal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cancel stops a script of several statements, also when it lands on a statement that cannot stop. */
class ScriptCancelTest {

    @Test
    void aCancelDuringOneStatementStopsTheRestOfTheScript() throws Exception {
        StartSignal started = StartSignal.inTemporaryDirectory();
        try (Quiver database =
                        Quiver.open(QuiverConfig.defaults().withThreads(1).withInterpreters(1));
                Session session = database.newSession()) {
            // The first statement runs its module-level code for a second; whether or not defining a
            // function can be interrupted, the statements after it must not run once cancel() came.
            String script = "CREATE FUNCTION slow_define(x BIGINT) RETURNS BIGINT LANGUAGE PYTHON AS $$\n"
                    + "import time\n" + started.pythonStatement() + "\ntime.sleep(1)\n"
                    + "def slow_define(x):\n    return x\n$$;\n"
                    + "CREATE TABLE after_cancel (x INTEGER)";
            CompletableFuture<QuiverException> outcome = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                    QuiverException.class, () -> session.executeScript(script).close()));
            started.await(1, Duration.ofSeconds(30));
            session.cancel();
            QuiverException error = outcome.get(30, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED);
            try (QueryResult tables = session.execute("SHOW TABLES")) {
                assertThat(tables.rows()).doesNotContain(List.of("after_cancel"));
            }
        }
    }

    @Test
    void aCancelWhileNothingRunsDoesNotStopTheNextCall() {
        try (Quiver database = Quiver.open(QuiverConfig.defaults().withThreads(1));
                Session session = database.newSession()) {
            session.cancel();
            try (QueryResult result = session.executeScript("SELECT 1; SELECT 2 AS two")) {
                assertThat(result.rows()).containsExactly(List.of(2));
            }
        }
    }
}
