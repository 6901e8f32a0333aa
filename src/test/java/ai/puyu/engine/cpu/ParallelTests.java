package ai.puyu.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool runs every task exactly once per job and reports task failures to the caller. */
class ParallelTests {

    @Test
    void runsEveryTaskExactlyOnceAcrossManyJobs() {
        try (Parallel pool = new Parallel(3)) {
            for (int job = 0; job < 500; job++) {
                int count = 1 + job % 13;
                AtomicIntegerArray hits = new AtomicIntegerArray(count);
                pool.forEach(count, hits::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertThat(hits.get(i)).as("job %d task %d", job, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void rethrowsAFailingTaskOnTheCaller() {
        try (Parallel pool = new Parallel(2)) {
            assertThatThrownBy(() -> pool.forEach(8, i -> {
                if (i == 5) {
                    throw new IllegalStateException("task 5 failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("task 5 failed");
            AtomicIntegerArray hits = new AtomicIntegerArray(4);
            pool.forEach(4, hits::incrementAndGet);
            assertThat(hits.get(3)).isEqualTo(1);
        }
    }

    @Test
    void rejectsZeroThreads() {
        assertThatThrownBy(() -> new Parallel(0)).hasMessageContaining("threads");
    }
}
