package dev.quiver.bench.jmh;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.LikeExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TPC-H Q13's {@code o_comment NOT LIKE '%special%requests%'} (or one plain word, {@code pattern})
 * over 64K rows of comment-like text: 4 to 11 words of a TPC-H-like vocabulary, heavy in the letter
 * 's', as a whole-batch BOOLEAN result ({@code LikeExpr.evaluate}); ns/op is ns per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LikeBenchmark {
    private static final int ROWS = 65_536;
    private static final int BATCHES = 16;
    private static final String[] WORDS = {
        "special",
        "requests",
        "packages",
        "deposits",
        "accounts",
        "instructions",
        "slyly",
        "furiously",
        "carefully",
        "quickly",
        "blithely",
        "ironic",
        "express",
        "pending",
        "regular",
        "final",
        "bold",
        "silent",
        "sleep",
        "haggle",
        "nag",
        "use",
        "along",
        "the",
        "above",
        "theodolites",
        "asymptotes"
    };
    private static final Field VARCHAR = new Field("comment", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    private static final Field BOOLEAN = new Field("b", FieldType.nullable(ArrowType.Bool.INSTANCE), null);

    /** The LIKE pattern: Q13's two words, or one word that occurs in few rows. */
    @Param({"%special%requests%", "%theodolites%"})
    public String pattern;

    private BufferAllocator allocator;
    private final List<Batch> batches = new ArrayList<>();
    private ExecutionContext context;
    private LikeExpr like;
    private int next;

    @Setup
    public void start() {
        allocator = new RootAllocator();
        Random random = new Random(13);
        StringBuilder text = new StringBuilder();
        for (int batch = 0; batch < BATCHES; batch++) {
            VarCharVector comments = new VarCharVector(VARCHAR, allocator);
            comments.allocateNew(ROWS);
            for (int row = 0; row < ROWS; row++) {
                text.setLength(0);
                int words = 4 + random.nextInt(8);
                for (int word = 0; word < words; word++) {
                    text.append(word == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                comments.setSafe(row, text.toString().getBytes(StandardCharsets.UTF_8));
            }
            comments.setValueCount(ROWS);
            batches.add(new Batch(List.of(comments), ROWS));
        }
        context = new ExecutionContext(allocator, 1, ROWS);
        like = new LikeExpr(new ColumnExpr(0, VARCHAR), new LiteralExpr(VARCHAR, pattern), null, true, BOOLEAN);
    }

    @TearDown
    public void stop() {
        batches.forEach(Batch::close);
        allocator.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int notLike() {
        try (FieldVector result = like.evaluate(batches.get(next++ % BATCHES), context)) {
            return result.getNullCount();
        }
    }
}
