package ai.puyu.admin;

/**
 * Marks the page controllers under {@code /admin}: {@link AdminPageErrors} answers their unexpected errors with a page,
 * {@link AdminPageModel} gives their templates the formatting helpers.
 */
public interface AdminPage {
}
