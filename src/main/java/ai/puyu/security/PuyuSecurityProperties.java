package ai.puyu.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in settings ({@code puyu.security.*}).
 *
 * @param adminUsername         the first administrator's username, made at the first start when no ADMIN exists
 * @param adminPassword         the first administrator's password ({@code PUYU_ADMIN_PASSWORD}); empty: a random one
 *                              is generated and written once to the log. Used only while no ADMIN exists.
 * @param requireLogin          true: the chat page and {@code /api} need a signed-in user (default: anonymous
 *                              visitors may chat, each with the conversations of their browser)
 * @param contentSecurityPolicy the {@code Content-Security-Policy} header of every response
 */
@Validated
@ConfigurationProperties("puyu.security")
public record PuyuSecurityProperties(@NotBlank @DefaultValue("admin") String adminUsername,
                                     String adminPassword,
                                     @DefaultValue("false") boolean requireLogin,
                                     @NotBlank @DefaultValue(DEFAULT_CSP) String contentSecurityPolicy) {

    /** Only this origin's scripts, styles, images, fetches and forms; never framed. */
    public static final String DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    /** Whether a first-administrator password was configured. */
    public boolean hasAdminPassword() {
        return adminPassword != null && !adminPassword.isEmpty();
    }
}
