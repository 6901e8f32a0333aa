package ai.puyu.admin.review;

import ai.puyu.admin.BadParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terms of a full-text search: the query split on whitespace, with "quoted phrases" kept whole,
 * lower-cased. A conversation matches when every term occurs, as a case-insensitive substring, in the
 * content of at least one of its messages (not necessarily the same one). Substrings rather than
 * tokenized full-text search: Chinese has no spaces between words, so a tokenizer that splits on spaces
 * would miss a word inside a sentence, and substring matching behaves the same on H2 and PostgreSQL.
 */
public final class SearchTerms {

    /** The most terms one search may have. */
    public static final int MAX_TERMS = 10;
    /** The longest query, in characters. */
    public static final int MAX_QUERY_LENGTH = 500;

    private SearchTerms() {
    }

    /** The terms of {@code query} (empty for null or blank). */
    public static List<String> parse(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new BadParameterException("q", "q is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        List<String> terms = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < query.length(); ) {
            int cp = query.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '"') {
                add(terms, current, quoted);
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(cp)) {
                add(terms, current, false);
            } else {
                current.appendCodePoint(cp);
            }
        }
        add(terms, current, quoted);
        if (terms.size() > MAX_TERMS) {
            throw new BadParameterException("q", "q has " + terms.size() + " terms; at most " + MAX_TERMS + " are allowed");
        }
        return List.copyOf(terms);
    }

    private static void add(List<String> terms, StringBuilder current, boolean phrase) {
        String term = phrase ? current.toString() : current.toString().strip();
        if (!term.isBlank()) {
            String lower = term.toLowerCase(Locale.ROOT);
            if (!terms.contains(lower)) {
                terms.add(lower);
            }
        }
        current.setLength(0);
    }

    /** A LIKE pattern matching {@code term} anywhere, with {@code %}, {@code _} and the escape {@code !} escaped. */
    public static String likePattern(String term) {
        StringBuilder pattern = new StringBuilder("%");
        for (char c : term.toCharArray()) {
            if (c == '%' || c == '_' || c == '!') {
                pattern.append('!');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
