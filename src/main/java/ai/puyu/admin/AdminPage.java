package ai.puyu.admin;

/** Marks the page controllers under {@code /admin}: {@link AdminPageErrors} answers their errors with a page. */
public interface AdminPage {
}
