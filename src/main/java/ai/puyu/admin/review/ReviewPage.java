package ai.puyu.admin.review;

import java.util.List;

/**
 * One page of the review list.
 *
 * @param items  the conversations on this page
 * @param page   the page number, from 0
 * @param size   the page size asked for
 * @param counts counts over everything the filter selects; {@code counts.conversations()} is the total
 */
public record ReviewPage(List<ConversationSummary> items, int page, int size, ReviewCounts counts) {

    public ReviewPage {
        items = List.copyOf(items);
    }

    /** Conversations the filter selects, over all pages. */
    public long total() {
        return counts.conversations();
    }

    /** How many pages there are (at least 1). */
    public int pages() {
        return (int) Math.max(1, (total() + size - 1) / size);
    }

    /** Whether a later page exists. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total();
    }
}
