package ai.puyu.admin.dashboard;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminApi;
import ai.puyu.admin.BadParameterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /admin/api/dashboard?days=30}: the {@link Dashboard} as JSON. */
@RestController
class DashboardApiController implements AdminApi {

    private final DashboardService dashboard;

    DashboardApiController(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/admin/api/dashboard")
    Mono<Dashboard> dashboard(@RequestParam(defaultValue = "30") String days) {
        return Actor.blocking(() -> dashboard.lastDays(days(days)));
    }

    /** The {@code days} parameter: a whole number from 1 to {@link DashboardService#MAX_DAYS}. */
    static int days(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= DashboardService.MAX_DAYS) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadParameterException("days", "days must be a whole number from 1 to " + DashboardService.MAX_DAYS
                + ", not '" + value + "'");
    }
}
