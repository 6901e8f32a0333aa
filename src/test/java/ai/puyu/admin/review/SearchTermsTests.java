package ai.puyu.admin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.admin.BadParameterException;
import org.junit.jupiter.api.Test;

/** How a search query is split into terms and how a term becomes a LIKE pattern. */
class SearchTermsTests {

    @Test
    void splitsOnAnyWhitespaceIncludingTheIdeographicSpaceAndLowerCases() {
        assertThat(SearchTerms.parse("  Panda\tBAMBOO\n大熊猫\u3000竹子 ")).containsExactly("panda", "bamboo", "大熊猫", "竹子");
    }

    @Test
    void keepsQuotedPhrasesWholeAndDropsRepeatsAndEmptyQuotes() {
        assertThat(SearchTerms.parse("\"giant panda\" eats \"\" Eats \"bamboo shoots")).containsExactly(
                "giant panda", "eats", "bamboo shoots");
        assertThat(SearchTerms.parse(null)).isEmpty();
        assertThat(SearchTerms.parse("   ")).isEmpty();
    }

    @Test
    void refusesTooManyTermsOrTooLongAQueryNamingQ() {
        assertThatThrownBy(() -> SearchTerms.parse("a b c d e f g h i j k"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
        assertThatThrownBy(() -> SearchTerms.parse("x".repeat(501)))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
    }

    @Test
    void escapesLikeWildcardsAndTheEscapeCharacter() {
        assertThat(SearchTerms.likePattern("100%_a!b")).isEqualTo("%100!%!_a!!b%");
    }
}
