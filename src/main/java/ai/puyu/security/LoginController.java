package ai.puyu.security;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * The sign-in page ({@code GET /login}); Spring Security handles the form's {@code POST /login} and
 * {@code POST /logout}.
 */
@Controller
class LoginController {

    private final PuyuSecurityProperties properties;

    LoginController(PuyuSecurityProperties properties) {
        this.properties = properties;
    }

    /** {@code ?error} after a refused sign-in, {@code ?disabled} for a disabled account (flags without values). */
    @GetMapping("/login")
    String login(ServerWebExchange exchange, @AuthenticationPrincipal SignedInUser user, Model model) {
        var query = exchange.getRequest().getQueryParams();
        if (query.containsKey("error")) {
            model.addAttribute("error", UserAuthenticationManager.BAD_CREDENTIALS);
        } else if (query.containsKey("disabled")) {
            model.addAttribute("error", UserAuthenticationManager.DISABLED);
        }
        model.addAttribute("user", user);
        model.addAttribute("requireLogin", properties.requireLogin());
        return "login";
    }
}
