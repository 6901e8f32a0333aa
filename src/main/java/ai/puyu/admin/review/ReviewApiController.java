package ai.puyu.admin.review;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminApi;
import ai.puyu.admin.BadParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The review features as JSON under {@code /admin/api}: list and search, transcript, rating, flag, delete.
 * Bad parameters are answered 400 naming the parameter ({@link ai.puyu.admin.AdminApiErrors}).
 */
@RestController
@RequestMapping("/admin/api")
class ReviewApiController implements AdminApi {

    private final ReviewService review;
    private final ObjectMapper json;

    ReviewApiController(ReviewService review, ObjectMapper json) {
        this.review = review;
        this.json = json;
    }

    /**
     * A page of the list.
     *
     * @param items  the conversations of this page
     * @param page   the page, from 0
     * @param size   the page size
     * @param total  conversations selected over all pages
     * @param sort   the order, as a parameter ({@code updated,desc})
     * @param counts counts over everything selected
     */
    record ListView(List<ConversationSummary> items, int page, int size, long total, String sort, ReviewCounts counts) {
    }

    @GetMapping("/conversations")
    Mono<ListView> list(ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        return Actor.blocking(() -> {
            ReviewFilter filter = ReviewFilter.parse(query);
            ReviewSort sort = ReviewSort.parse(query.getFirst("sort"));
            ReviewPage page = review.search(filter, sort, intParam("page", query.getFirst("page"), 0),
                    intParam("size", query.getFirst("size"), 25));
            return new ListView(page.items(), page.page(), page.size(), page.total(), sort.toParameter(), page.counts());
        });
    }

    @GetMapping("/conversations/{id}")
    Mono<Transcript> transcript(ServerWebExchange exchange, @PathVariable long id) {
        return Actor.blocking(exchange, actor -> review.view(id, actor));
    }

    @PutMapping("/messages/{messageId}/rating")
    Mono<ReviewMessage> rate(ServerWebExchange exchange, @PathVariable long messageId,
                             @RequestBody(required = false) String body) {
        return Actor.blocking(exchange, actor -> {
            JsonNode node = object(body);
            if (!node.has("rating")) {
                throw new BadParameterException("rating", "rating is required: \"good\", \"bad\" or null to clear");
            }
            JsonNode rating = node.get("rating");
            if (!rating.isNull() && !rating.isString()) {
                throw new BadParameterException("rating", "rating must be \"good\", \"bad\" or null");
            }
            return review.rate(null, messageId, rating.isNull() ? null : rating.asString(), actor);
        });
    }

    @PutMapping("/conversations/{id}/flag")
    Mono<ReviewConversation> flag(ServerWebExchange exchange, @PathVariable long id,
                                  @RequestBody(required = false) String body) {
        return Actor.blocking(exchange, actor -> {
            JsonNode node = object(body);
            JsonNode reason = node.get("reason");
            if (reason != null && !reason.isNull() && !reason.isString()) {
                throw new BadParameterException("reason", "reason must be a string");
            }
            List<String> tags = new ArrayList<>();
            JsonNode tagNode = node.get("tags");
            if (tagNode != null && !tagNode.isNull()) {
                if (!tagNode.isArray()) {
                    throw new BadParameterException("tags", "tags must be an array of strings");
                }
                for (JsonNode tag : tagNode) {
                    if (!tag.isString()) {
                        throw new BadParameterException("tags", "tags must be an array of strings");
                    }
                    tags.add(tag.asString());
                }
            }
            return review.flag(id, reason == null || reason.isNull() ? null : reason.asString(), tags, actor);
        });
    }

    @DeleteMapping("/conversations/{id}/flag")
    Mono<ReviewConversation> unflag(ServerWebExchange exchange, @PathVariable long id) {
        return Actor.blocking(exchange, actor -> review.unflag(id, actor));
    }

    /** The same as {@code DELETE .../flag}, for clients (and access rules) that keep DELETE for removing data. */
    @PostMapping("/conversations/{id}/unflag")
    Mono<ReviewConversation> unflagByPost(ServerWebExchange exchange, @PathVariable long id) {
        return unflag(exchange, id);
    }

    @DeleteMapping("/conversations/{id}")
    Mono<ResponseEntity<Void>> delete(ServerWebExchange exchange, @PathVariable long id) {
        return Actor.blocking(exchange, actor -> {
            review.delete(id, actor);
            return ResponseEntity.noContent().<Void>build();
        });
    }

    /** Deletes the conversations the query parameters select (the list's filters; {@code all=true} for none). */
    @PostMapping("/conversations/delete")
    Mono<Map<String, Object>> deleteMatching(ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        return Actor.blocking(exchange, actor -> {
            ReviewFilter filter = ReviewFilter.parse(query);
            int deleted = review.deleteMatching(filter, "true".equalsIgnoreCase(query.getFirst("all")), actor);
            return Map.<String, Object>of("deleted", deleted, "filter", filter.describe());
        });
    }

    private JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw new BadParameterException("body", "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw new BadParameterException("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadParameterException("body", "the body must be a JSON object");
        }
        return node;
    }

    /** An integer parameter, {@code fallback} when absent. */
    static int intParam(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, name + " must be a whole number, not '" + value + "'");
        }
    }
}
