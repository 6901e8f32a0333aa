package ai.puyu.conversation;

import java.util.Locale;

/** Who wrote a message; stored and sent in lower case, as the OpenAI API spells it. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The lower-case name used in the database and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} (case-insensitive); a clear error naming the value otherwise. */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equalsIgnoreCase(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (expected system, user, assistant or tool)");
    }
}
