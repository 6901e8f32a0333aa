package ai.puyu.security;

import java.util.Locale;

/**
 * What a signed-in person may do. Stored by name in {@code app_user.role}; Spring Security sees it as the
 * authority {@code ROLE_<name>}.
 */
public enum UserRole {
    /** Uses the chat page; sees only their own conversations. */
    USER,
    /** Also reads, rates and exports every conversation under {@code /admin}. */
    REVIEWER,
    /** Also deletes conversations, manages users and API keys, and reads the audit log. */
    ADMIN;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role named {@code text} (any case), or an {@link InvalidUserException} naming the field. */
    public static UserRole parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidUserException("role", "role is required: USER, REVIEWER or ADMIN");
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidUserException("role", "role must be USER, REVIEWER or ADMIN, not '" + text.strip() + "'");
        }
    }
}
