package ai.puyu.admin;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every admin page needs besides who is signed in (which {@code ai.puyu.security} gives every page:
 * {@code currentUser}, {@code mayReview}, {@code isAdmin}): the formatting helpers ({@code fmt}).
 */
@ControllerAdvice(assignableTypes = AdminPage.class)
class AdminPageModel {

    private static final AdminFormat FORMAT = new AdminFormat();

    @ModelAttribute("fmt")
    AdminFormat fmt() {
        return FORMAT;
    }
}
