package ai.puyu.security;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String disabled,
                 @AuthenticationPrincipal SignedInUser user, Model model) {
        if (error != null) {
            model.addAttribute("error", UserAuthenticationManager.BAD_CREDENTIALS);
        } else if (disabled != null) {
            model.addAttribute("error", UserAuthenticationManager.DISABLED);
        }
        model.addAttribute("user", user);
        model.addAttribute("requireLogin", properties.requireLogin());
        return "login";
    }
}
