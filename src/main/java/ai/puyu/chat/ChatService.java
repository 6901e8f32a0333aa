package ai.puyu.chat;

import ai.puyu.conversation.ConversationService;
import ai.puyu.conversation.ConversationSettings;
import ai.puyu.conversation.GenerationStats;
import ai.puyu.conversation.Message;
import ai.puyu.conversation.MessageOutcome;
import ai.puyu.conversation.NewConversation;
import ai.puyu.conversation.Role;
import ai.puyu.conversation.Sampling;
import ai.puyu.engine.scheduler.FinishReason;
import ai.puyu.engine.scheduler.GenerationHandle;
import ai.puyu.engine.scheduler.GenerationRequest;
import ai.puyu.engine.scheduler.TokenEvent;
import ai.puyu.engine.sampling.Logprobs;
import ai.puyu.engine.sampling.SamplingParams;
import ai.puyu.system.ServingModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One reply, end to end: renders and tokenizes the prompt, validates it against the context, stores the
 * conversation and the user message(s) before generation starts, submits to the engine, turns its token events
 * into a {@link Flux} and stores the reply when it ends (complete, stopped with the partial text when the
 * subscriber cancels, or error) with its statistics. When the request asks for log-probabilities
 * ({@link GenerationOptions#topLogprobs()}), each delta carries those of its tokens with their texts
 * ({@link TokenLogprob}) and the end carries them all.
 */
@Service
public class ChatService {

    /** The longest title derived from the first user message. */
    static final int TITLE_LENGTH = 60;

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final ServingModel model;
    private final ConversationService conversations;
    /** Replies being generated, by conversation (at most one per conversation). */
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    public ChatService(ServingModel model, ConversationService conversations) {
        this.model = model;
        this.conversations = conversations;
    }

    /** The id clients name the model by. */
    public String modelName() {
        return model.name();
    }

    /** Prompt plus reply tokens allowed per request. */
    public int maxContext() {
        return model.engine().maxContext();
    }

    /**
     * Renders, tokenizes and checks the request without storing anything.
     *
     * @throws InvalidChatRequestException naming the field at fault (messages, prompt, max_tokens, ...)
     */
    public PreparedChat prepare(ChatRequest request) {
        int[] prompt = promptTokens(request);
        int context = maxContext();
        String source = request.plain() ? "prompt" : "messages";
        if (prompt.length >= context) {
            throw new InvalidChatRequestException(source, "context_length_exceeded", "the prompt has " + prompt.length
                    + " tokens but the context limit is " + context + " tokens (prompt and reply together)");
        }
        GenerationOptions o = request.options();
        int room = context - prompt.length;
        if (o.maxTokens() != null) {
            if (o.maxTokens() <= 0) {
                throw new InvalidChatRequestException("max_tokens", "max_tokens must be at least 1, not " + o.maxTokens());
            }
            if (o.maxTokens() > room) {
                throw new InvalidChatRequestException("max_tokens", "context_length_exceeded", "max_tokens is "
                        + o.maxTokens() + " but the prompt has " + prompt.length + " tokens and the context limit is "
                        + context + " tokens: at most " + room + " tokens are left for the reply");
            }
        }
        if (o.topLogprobs() != null && (o.topLogprobs() < 0 || o.topLogprobs() > Logprobs.MAX_TOP)) {
            throw new InvalidChatRequestException("top_logprobs", "top_logprobs must be between 0 and "
                    + Logprobs.MAX_TOP + ", not " + o.topLogprobs());
        }
        try {
            return new PreparedChat(request, prompt, samplingParams(o, room));
        } catch (IllegalArgumentException e) {
            throw new InvalidChatRequestException(null, e.getMessage());
        }
    }

    /** The prompt's token ids: ChatML for messages (content always plain text), BOS + plain text for a prompt. */
    public int[] promptTokens(ChatRequest request) {
        if (request.plain()) {
            int[] text = model.tokenizer().encode(request.prompt());
            int[] ids = new int[text.length + 1];
            ids[0] = model.tokenizer().bosId();
            System.arraycopy(text, 0, ids, 1, text.length);
            return ids;
        }
        if (request.messages().isEmpty()) {
            throw new InvalidChatRequestException("messages", "messages must contain at least one message");
        }
        List<ChatTemplate.Message> rendered = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            rendered.add(new ChatTemplate.Message(templateRole(m.role()), m.content()));
        }
        return model.template().render(rendered, true);
    }

    /** InternLM2 calls the turn that carries a tool's result {@code environment}. */
    private static String templateRole(Role role) {
        return role == Role.TOOL ? "environment" : role.wireName();
    }

    private SamplingParams samplingParams(GenerationOptions o, int room) {
        var gen = model.generation();
        Set<Integer> stops = new LinkedHashSet<>(gen.stopTokenIds());
        stops.add(model.template().imEndId());
        int maxTokens = o.maxTokens() != null ? o.maxTokens() : room;
        return new SamplingParams(
                o.temperature() != null ? o.temperature() : gen.temperature() != null ? gen.temperature() : 1.0,
                o.topK() != null ? o.topK() : 0,
                o.topP() != null ? o.topP() : gen.topP() != null ? gen.topP() : 1.0,
                o.minP() != null ? o.minP() : 0,
                o.repetitionPenalty() != null ? o.repetitionPenalty() : 1.0,
                o.presencePenalty() != null ? o.presencePenalty() : 0,
                o.frequencyPenalty() != null ? o.frequencyPenalty() : 0,
                o.seed() != null ? o.seed() : System.nanoTime(),
                maxTokens, stops.stream().mapToInt(Integer::intValue).toArray(), o.stop());
    }

    /**
     * Stores the conversation with its messages and an empty streaming reply, then submits to the engine
     * (on a blocking-friendly scheduler). Fails with the engine's refusal (queue full, shut down) after marking
     * the reply as failed, so no half-written conversation is left.
     */
    public Mono<ChatStream> start(PreparedChat prepared) {
        return Mono.fromCallable(() -> startBlocking(prepared)).subscribeOn(Schedulers.boundedElastic());
    }

    /** {@link #prepare} then {@link #start}. */
    public Mono<ChatStream> start(ChatRequest request) {
        return Mono.fromCallable(() -> prepare(request)).flatMap(this::start);
    }

    private ChatStream startBlocking(PreparedChat prepared) {
        ChatRequest request = prepared.request();
        SamplingParams p = prepared.params();
        long conversationId = conversations.create(request.owner(), new NewConversation(title(request),
                request.apiKeyId(), model.name(), model.backend(), settings(request, p))).id();
        if (request.plain()) {
            conversations.appendMessage(request.owner(), conversationId, Role.USER, request.prompt());
        } else {
            for (ChatMessage m : request.messages()) {
                conversations.appendMessage(request.owner(), conversationId, m.role(), m.content());
            }
        }
        return submit(request.owner(), conversationId, prepared);
    }

    /**
     * A reply in a stored conversation: its history (after its system prompt) plus {@code userContent} (null to
     * answer the history as it is, to regenerate), sampled with the conversation's settings overridden by the
     * non-null {@code overrides}. Validates before storing anything; then stores the user message and a streaming
     * reply and submits. {@link #stop} stops it; so does cancelling the subscription.
     *
     * @param regenerate delete the last (finished) reply first and answer the messages before it
     */
    public Mono<ChatStream> startInConversation(String owner, long conversationId, String userContent,
                                                ConversationSettings overrides, Long seed, boolean regenerate) {
        return Mono.fromCallable(() -> {
            var stored = conversations.get(owner, conversationId);
            List<Message> history = new ArrayList<>(stored.messages());
            if (regenerate) {
                if (history.isEmpty() || history.getLast().role() != Role.ASSISTANT) {
                    throw new InvalidChatRequestException(null, "the conversation has no reply to regenerate");
                }
                history.removeLast();
            }
            ConversationSettings s = stored.conversation().settings();
            ConversationSettings o = overrides == null ? ConversationSettings.DEFAULTS : overrides;
            String system = o.systemPrompt() != null ? o.systemPrompt() : s == null ? null : s.systemPrompt();
            List<ChatMessage> messages = new ArrayList<>();
            if (system != null && !system.isEmpty()) {
                messages.add(new ChatMessage(Role.SYSTEM, system));
            }
            for (Message m : history) {
                if (m.role() != Role.SYSTEM && !(m.role() == Role.ASSISTANT && m.content().isEmpty())) {
                    messages.add(new ChatMessage(m.role(), m.content()));
                }
            }
            if (userContent != null) {
                messages.add(new ChatMessage(Role.USER, userContent));
            }
            GenerationOptions options = new GenerationOptions(
                    o.maxNewTokens() != null ? o.maxNewTokens() : s == null ? null : s.maxNewTokens(),
                    o.temperature() != null ? o.temperature() : s == null ? null : s.temperature(),
                    o.topP() != null ? o.topP() : s == null ? null : s.topP(),
                    null, null, null, null, null, seed, List.of());
            PreparedChat prepared = prepare(ChatRequest.chat(messages, options, owner, null));
            if (regenerate) {
                conversations.deleteLastAssistantMessage(owner, conversationId);
            }
            if (userContent != null) {
                conversations.appendUserMessage(owner, conversationId, userContent);
            }
            return submit(owner, conversationId, prepared);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Stops the conversation's running reply (its partial text is stored as stopped); false when none runs.
     *
     * @throws ai.puyu.conversation.ConversationNotFoundException when the conversation is not the owner's
     */
    public Mono<Boolean> stop(String owner, long conversationId) {
        return Mono.fromCallable(() -> {
            conversations.get(owner, conversationId);
            Running entry = running.get(conversationId);
            if (entry == null) {
                return false;
            }
            entry.handle().cancel();
            return true;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** A reply being generated, by conversation id. */
    private record Running(long messageId, GenerationHandle handle) {
    }

    private ChatStream submit(String owner, long conversationId, PreparedChat prepared) {
        SamplingParams p = prepared.params();
        Message reply = conversations.startAssistantMessage(owner, conversationId, model.name(),
                model.backend(), sampling(p));
        Sinks.Many<ChatEvent> sink = Sinks.many().unicast().onBackpressureBuffer();
        ReplyListener listener = new ReplyListener(sink, conversationId, reply.id(),
                prepared.request().options().topLogprobs() != null);
        GenerationHandle handle;
        try {
            Integer top = prepared.request().options().topLogprobs();
            handle = model.engine().submit(new GenerationRequest("msg-" + reply.id() + "-" + UUID.randomUUID(),
                    prepared.promptTokens(), p, top == null ? -1 : top), listener);
        } catch (RuntimeException e) {
            conversations.finishAssistantMessage(reply.id(), MessageOutcome.error("", e.getMessage(), null));
            throw e;
        }
        running.put(conversationId, new Running(reply.id(), handle));
        Flux<ChatEvent> events = sink.asFlux().doOnCancel(handle::cancel);
        return new ChatStream(conversationId, reply.id(), prepared.promptTokens().length, events);
    }

    private static String title(ChatRequest request) {
        String text = request.plain() ? request.prompt() : request.messages().stream()
                .filter(m -> m.role() == Role.USER).map(ChatMessage::content).findFirst().orElse("");
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.isEmpty()) {
            return null;
        }
        return line.length() <= TITLE_LENGTH ? line : line.substring(0, TITLE_LENGTH - 1) + "…";
    }

    private static ConversationSettings settings(ChatRequest request, SamplingParams p) {
        String system = request.messages().stream().filter(m -> m.role() == Role.SYSTEM)
                .map(ChatMessage::content).findFirst().orElse(null);
        return new ConversationSettings(system, p.maxNewTokens(), p.temperature(), p.topP());
    }

    private static Sampling sampling(SamplingParams p) {
        return new Sampling(p.temperature(), p.topP(), p.topK(), p.minP(), p.maxNewTokens(), p.seed(),
                p.repetitionPenalty(), p.presencePenalty(), p.frequencyPenalty());
    }

    /** Receives the engine's events on the engine thread (never blocks it): emits deltas, stores the end. */
    private final class ReplyListener implements java.util.function.Consumer<TokenEvent> {

        private final Sinks.Many<ChatEvent> sink;
        private final long conversationId;
        private final long messageId;
        private final boolean wantsLogprobs;
        private final StringBuilder text = new StringBuilder();
        /** Every token's log-probabilities (when asked for); those from {@code sent} on are not in a delta yet. */
        private List<TokenLogprob> logprobs;
        private int sent;

        ReplyListener(Sinks.Many<ChatEvent> sink, long conversationId, long messageId, boolean wantsLogprobs) {
            this.sink = sink;
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.wantsLogprobs = wantsLogprobs;
        }

        /** The log-probabilities not yet carried by a delta (null when not asked for). */
        private List<TokenLogprob> unsent() {
            if (!wantsLogprobs) {
                return null;
            }
            if (logprobs == null) {
                return List.of();
            }
            List<TokenLogprob> out = List.copyOf(logprobs.subList(sent, logprobs.size()));
            sent = logprobs.size();
            return out;
        }

        @Override
        public void accept(TokenEvent event) {
            switch (event) {
                case TokenEvent.Token t -> {
                    if (t.logprobs() != null) {
                        if (logprobs == null) {
                            logprobs = new ArrayList<>();
                        }
                        logprobs.add(TokenLogprob.of(t.logprobs(), model.tokenizer()));
                    }
                    if (!t.text().isEmpty()) {
                        text.append(t.text());
                        sink.tryEmitNext(new ChatEvent.Delta(t.text(), unsent()));
                    }
                }
                case TokenEvent.Finished f -> finish(f);
            }
        }

        private void finish(TokenEvent.Finished f) {
            running.computeIfPresent(conversationId, (id, r) -> r.messageId() == messageId ? null : r);
            if (!f.text().isEmpty()) {
                text.append(f.text());
                sink.tryEmitNext(new ChatEvent.Delta(f.text(), unsent()));
            }
            List<TokenLogprob> all = !wantsLogprobs ? null : logprobs == null ? List.of() : List.copyOf(logprobs);
            String content = text.toString();
            var u = f.usage();
            var t = f.timings();
            GenerationStats stats = new GenerationStats(u.promptTokens(), u.completionTokens(), u.cachedTokens(),
                    t.timeToFirstTokenNanos() > 0 ? t.timeToFirstTokenNanos() / 1e6 : null,
                    t.decodeTokens() > 0 ? t.decodeTokensPerSecond() : null);
            MessageOutcome outcome = switch (f.reason()) {
                case STOP, LENGTH -> MessageOutcome.complete(content, f.reason().wireName(), stats);
                case CANCELLED -> MessageOutcome.stopped(content, stats);
                case ERROR -> MessageOutcome.error(content, f.error() == null ? "generation failed" : f.error(), stats);
            };
            Mono.fromCallable(() -> conversations.finishAssistantMessage(messageId, outcome))
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(stored -> {
                        if (f.reason() == FinishReason.ERROR) {
                            sink.tryEmitError(new ChatGenerationException(outcome.errorText()));
                        } else {
                            sink.tryEmitNext(new ChatEvent.Done(f.reason(), content, u, t, conversationId, messageId,
                                    all));
                            sink.tryEmitComplete();
                        }
                    }, e -> {
                        log.error("cannot store reply {}: {}", messageId, e.toString());
                        sink.tryEmitError(new ChatGenerationException("the reply could not be stored: " + e.getMessage()));
                    });
        }
    }
}
