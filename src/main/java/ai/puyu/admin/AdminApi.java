package ai.puyu.admin;

/**
 * Marks the JSON controllers under {@code /admin/api}: {@link AdminApiErrors} answers their errors as
 * {@code {"error": {"message", "param"}}}.
 */
public interface AdminApi {
}
