package ai.puyu.engine.scheduler;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The caller's side of a submitted generation: its events (to a listener given at submit, called on the engine
 * thread and which must not block, or else queued here for {@link #take}/{@link #poll}), the whole result once
 * finished, and {@link #cancel}.
 */
public final class GenerationHandle {

    private final String requestId;
    private final Consumer<TokenEvent> listener;
    private final LinkedBlockingQueue<TokenEvent> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private int[] tokens = new int[16];
    private int count;
    private final StringBuilder text = new StringBuilder();

    GenerationHandle(String requestId, Consumer<TokenEvent> listener) {
        this.requestId = requestId;
        this.listener = listener;
    }

    public String requestId() {
        return requestId;
    }

    /** Asks the engine to stop this generation; it leaves the batch at the next step (finish reason cancelled). */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelRequested() {
        return cancelled;
    }

    /** The next event, waiting for it (only without a listener). */
    public TokenEvent take() throws InterruptedException {
        return queue.take();
    }

    /** The next event, or null after the timeout (only without a listener). */
    public TokenEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Completes with every token and the final event when the generation ends. */
    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    /** Called on the engine thread. */
    void deliver(TokenEvent event) {
        switch (event) {
            case TokenEvent.Token t -> {
                if (count == tokens.length) {
                    tokens = Arrays.copyOf(tokens, count * 2);
                }
                tokens[count++] = t.tokenId();
                text.append(t.text());
            }
            case TokenEvent.Finished f -> text.append(f.text());
        }
        if (listener != null) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                cancelled = true; // a failing consumer is gone: stop generating for it
            }
        } else {
            queue.add(event);
        }
        if (event instanceof TokenEvent.Finished f) {
            result.complete(new GenerationResult(Arrays.copyOf(tokens, count), text.toString(), f));
        }
    }
}
