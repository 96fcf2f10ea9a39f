package dev.quiver.engine.exec.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks of a sink's finish on the caller and idle workers: each once, failures and cancels reported, no deadlock. */
class ParallelTasksTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final ExecutorService workers = Executors.newFixedThreadPool(3);

    @AfterEach
    void close() throws InterruptedException {
        workers.shutdown(); // not shutdownNow: interrupting a task that is ending would print its failure
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        allocator.close();
    }

    private QueryState query(int threads) {
        QueryState query = new QueryState(new ExecutionContext(allocator, threads, 1024));
        query.useWorkers(workers);
        return query;
    }

    @Test
    void everyTaskRunsOnceOnSeveralThreads() {
        for (int threads : new int[] {1, 2, 4}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            Set<Thread> used = ConcurrentHashMap.newKeySet();
            CountDownLatch both = new CountDownLatch(Math.min(threads, 2));
            query(threads).runParallel(1000, task -> {
                runs.incrementAndGet(task);
                if (used.add(Thread.currentThread())) {
                    both.countDown();
                }
                if (task == 0) {
                    await(both); // a second thread takes tasks while the first waits here
                }
            });
            for (int task = 0; task < 1000; task++) {
                assertThat(runs.get(task))
                        .as("task %d with %d threads", task, threads)
                        .isEqualTo(1);
            }
            assertThat(used).hasSizeBetween(Math.min(threads, 2), Math.min(threads, 4));
        }
    }

    @Test
    void withoutWorkersTheCallerRunsEverything() {
        QueryState alone = new QueryState(new ExecutionContext(allocator, 4, 1024));
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        alone.runParallel(50, task -> used.add(Thread.currentThread()));
        assertThat(used).containsExactly(Thread.currentThread());
    }

    @Test
    void finishesWhenNoWorkerIsFree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        for (int worker = 0; worker < 3; worker++) {
            workers.execute(() -> await(release)); // another query holds every worker
        }
        try {
            AtomicInteger ran = new AtomicInteger();
            query(4).runParallel(100, task -> ran.incrementAndGet());
            assertThat(ran).hasValue(100);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailureStopsTheOtherTasksAndReachesTheCaller() {
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> query(2).runParallel(10_000, task -> {
                    ran.incrementAndGet();
                    if (task == 10) {
                        throw new IllegalStateException("task 10 failed");
                    }
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task 10 failed");
        assertThat(ran.get()).isLessThan(10_000);
    }

    @Test
    void aCancelledQueryStopsWithCancelled() {
        QueryState query = query(2);
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> query.runParallel(10_000, task -> {
                    if (ran.incrementAndGet() == 5) {
                        query.context().cancel();
                    }
                }))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(ran.get()).isLessThan(10_000);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
