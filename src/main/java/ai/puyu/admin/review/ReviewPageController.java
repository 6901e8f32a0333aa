package ai.puyu.admin.review;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminPage;
import ai.puyu.admin.BadParameterException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The review pages: the conversation list with search and filters ({@code GET /admin}), a transcript
 * ({@code GET /admin/conversations/{id}}), and the forms that rate, flag and delete. Forms post and are
 * redirected back (post/redirect/get).
 */
@Controller
class ReviewPageController implements AdminPage {

    private final ReviewService review;

    ReviewPageController(ReviewService review) {
        this.review = review;
    }

    @GetMapping({"/admin", "/admin/"})
    Mono<Rendering> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Actor.blocking(() -> {
            ReviewService.FilterChoices choices = review.choices();
            Rendering.Builder<?> page = Rendering.view("admin/conversations").modelAttribute("title", "Conversations")
                    .modelAttribute("active", "conversations").modelAttribute("choices", choices)
                    .modelAttribute("form", formValues(query))
                    .modelAttribute("deleted", query.getFirst("deleted"));
            try {
                ReviewFilter filter = ReviewFilter.parse(query);
                ReviewSort sort = ReviewSort.parse(query.getFirst("sort"));
                int size = ReviewApiController.intParam("size", query.getFirst("size"), 25);
                ReviewPage result = review.search(filter, sort, ReviewApiController.intParam("page",
                        query.getFirst("page"), 0), size);
                String filterQuery = filter.toQueryString();
                String listQuery = filterQuery + (filterQuery.isEmpty() ? "" : "&") + "sort=" + sort.toParameter()
                        + "&size=" + size;
                return page.modelAttribute("result", result).modelAttribute("filter", filter)
                        .modelAttribute("filterQuery", filterQuery).modelAttribute("listQuery", listQuery).build();
            } catch (BadParameterException e) {
                return page.status(HttpStatus.BAD_REQUEST).modelAttribute("error", e.getMessage())
                        .modelAttribute("errorParam", e.parameter()).build();
            }
        });
    }

    @GetMapping("/admin/conversations/{id}")
    Mono<Rendering> transcript(ServerWebExchange exchange, @PathVariable long id) {
        return Actor.blocking(exchange, actor -> {
            Transcript transcript = review.view(id, actor);
            return Rendering.view("admin/transcript").modelAttribute("title", "Conversation " + id)
                    .modelAttribute("active", "conversations").modelAttribute("t", transcript)
                    .modelAttribute("c", transcript.conversation()).build();
        });
    }

    @PostMapping("/admin/conversations/{id}/messages/{messageId}/rating")
    Mono<Rendering> rate(ServerWebExchange exchange, @PathVariable long id, @PathVariable long messageId) {
        return form(exchange).flatMap(form -> Actor.blocking(exchange, actor -> {
            review.rate(id, messageId, form.getFirst("rating"), actor);
            return redirect("/admin/conversations/" + id + "#m" + messageId);
        }));
    }

    @PostMapping("/admin/conversations/{id}/flag")
    Mono<Rendering> flag(ServerWebExchange exchange, @PathVariable long id) {
        return form(exchange).flatMap(form -> Actor.blocking(exchange, actor -> {
            String tags = form.getFirst("tags");
            List<String> list = tags == null ? List.of() : Arrays.asList(tags.split("[,\\s]+"));
            review.flag(id, form.getFirst("reason"), list, actor);
            return redirect("/admin/conversations/" + id);
        }));
    }

    @PostMapping("/admin/conversations/{id}/unflag")
    Mono<Rendering> unflag(ServerWebExchange exchange, @PathVariable long id) {
        return Actor.blocking(exchange, actor -> {
            review.unflag(id, actor);
            return redirect("/admin/conversations/" + id);
        });
    }

    @PostMapping("/admin/conversations/{id}/delete")
    Mono<Rendering> delete(ServerWebExchange exchange, @PathVariable long id) {
        return Actor.blocking(exchange, actor -> {
            review.delete(id, actor);
            return redirect("/admin?deleted=1");
        });
    }

    /** Deletes the conversations the posted filter selects; the form must tick {@code confirm}. */
    @PostMapping("/admin/conversations/delete")
    Mono<Rendering> deleteMatching(ServerWebExchange exchange) {
        return form(exchange).flatMap(form -> Actor.blocking(exchange, actor -> {
            if (!"true".equals(form.getFirst("confirm"))) {
                throw new BadParameterException("confirm", "tick the box to confirm the deletion");
            }
            ReviewFilter filter = ReviewFilter.parse(form);
            int deleted = review.deleteMatching(filter, "true".equals(form.getFirst("all")), actor);
            return redirect("/admin?deleted=" + deleted);
        }));
    }

    /** The posted form merged over the query parameters. */
    private static Mono<MultiValueMap<String, String>> form(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            MultiValueMap<String, String> all = new LinkedMultiValueMap<>(exchange.getRequest().getQueryParams());
            all.putAll(form);
            return all;
        });
    }

    private static Rendering redirect(String url) {
        return Rendering.redirectTo(url).build();
    }

    /** The values to put back into the filter form. */
    private static Map<String, String> formValues(MultiValueMap<String, String> query) {
        Map<String, String> values = new HashMap<>();
        for (String name : ReviewFilter.NAMES) {
            values.put(name, query.getFirst(name) == null ? "" : query.getFirst(name));
        }
        values.put("sort", query.getFirst("sort") == null ? "updated,desc" : query.getFirst("sort"));
        values.put("size", query.getFirst("size") == null ? "25" : query.getFirst("size"));
        return values;
    }
}
