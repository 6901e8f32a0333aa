package ai.puyu.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed pool of {@code threads} workers (the calling thread counts as one) that runs the tasks
 * 0..count-1 of one job at a time. Made for the many short jobs of a forward pass: a job hands out
 * task indices through an atomic counter, workers spin briefly before parking, and the caller works
 * too, so a job costs a few microseconds of overhead rather than an executor round trip.
 */
public final class Parallel implements AutoCloseable {

    private static final int SPINS = 20_000;
    private static final int OWNER_SPINS = 5_000;

    private final int threads;
    private final Thread[] workers;
    private volatile Job job;
    private volatile boolean closed;

    /** @param threads workers including the caller; 1 runs everything on the caller */
    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workLoop, "puyu-cpu-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** Number of threads a job runs on, the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs body(i) for every i in [0, count), spread over the pool; returns when all are done. */
    public synchronized void forEach(int count, IntConsumer body) {
        if (closed) {
            throw new IllegalStateException("thread pool is closed");
        }
        if (count <= 0) {
            return;
        }
        if (count == 1 || workers.length == 0) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Job j = new Job(count, body, Thread.currentThread());
        job = j;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        j.work();
        // the others are finishing their last task: spin a little before parking (they unpark us)
        for (int s = 0; s < OWNER_SPINS && j.done.get() < count; s++) {
            Thread.onSpinWait();
        }
        while (j.done.get() < count) {
            LockSupport.parkNanos(j, 50_000);
        }
        job = null;
        if (j.error != null) {
            if (j.error instanceof RuntimeException re) {
                throw re;
            }
            if (j.error instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(j.error);
        }
    }

    private void workLoop() {
        Job seen = null;
        while (!closed) {
            Job j = job;
            if (j == null || j == seen) {
                for (int s = 0; s < SPINS && (j == null || j == seen) && !closed; s++) {
                    Thread.onSpinWait();
                    j = job;
                }
                if (j == null || j == seen) {
                    LockSupport.parkNanos(this, 1_000_000);
                    continue;
                }
            }
            seen = j;
            j.work();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }

    private static final class Job {
        final int count;
        final IntConsumer body;
        final Thread owner;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(int count, IntConsumer body, Thread owner) {
            this.count = count;
            this.body = body;
            this.owner = owner;
        }

        void work() {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    error = t;
                }
                if (done.incrementAndGet() == count) {
                    LockSupport.unpark(owner);
                }
            }
        }
    }
}
