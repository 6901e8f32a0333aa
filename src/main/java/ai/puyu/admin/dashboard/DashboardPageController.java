package ai.puyu.admin.dashboard;

import ai.puyu.admin.Actor;
import ai.puyu.admin.AdminPage;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/dashboard}: the window's totals rendered on the server, the charts drawn by
 * {@code /admin/dashboard.js} (Chart.js from its WebJar) from {@code /admin/api/dashboard}.
 */
@Controller
class DashboardPageController implements AdminPage {

    private final DashboardService dashboard;

    DashboardPageController(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/admin/dashboard")
    Mono<Rendering> page(@RequestParam(defaultValue = "30") String days) {
        return Actor.blocking(() -> {
            int n = DashboardApiController.days(days);
            return Rendering.view("admin/dashboard").modelAttribute("title", "Dashboard")
                    .modelAttribute("active", "dashboard").modelAttribute("days", n)
                    .modelAttribute("d", dashboard.lastDays(n)).build();
        });
    }
}
