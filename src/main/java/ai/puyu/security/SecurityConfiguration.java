package ai.puyu.security;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;

import ai.puyu.api.ApiKeyFilter;
import ai.puyu.audit.AuditLog;
import ai.puyu.conversation.ApiKeyService;
import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.savedrequest.WebSessionServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may do what. Two chains:
 * <ol>
 *   <li>{@code /v1/**} (OpenAI API): API keys only ({@link ApiKeyFilter}: {@code Authorization: Bearer}), no session,
 *       no CSRF; 401 in OpenAI's error envelope.</li>
 *   <li>everything else: form sign-in at {@code /login} (session cookie), CSRF on every unsafe method, and the
 *       access table of {@link #accessRules}.</li>
 * </ol>
 * Both send the security headers: Spring Security's defaults, {@code X-Frame-Options: DENY}, a Content-Security-Policy
 * ({@code puyu.security.content-security-policy}, see {@link ContentSecurityPolicyWriter}) and
 * {@code Referrer-Policy: same-origin}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class SecurityConfiguration {

    /** Pages and endpoints only an ADMIN may use (besides the delete rules in {@link #accessRules}). */
    static final String[] ADMIN_ONLY = {
            "/admin/users/**", "/admin/keys/**", "/admin/audit/**",
            "/admin/api/users/**", "/admin/api/keys/**", "/admin/api/audit/**"};

    /**
     * Open to anyone, even with {@code puyu.security.require-login}: sign-in, health, the engine's metrics for
     * Prometheus (counters and timings only, never conversation content; vLLM serves its /metrics openly too), the
     * API description, error pages.
     */
    static final String[] PUBLIC = {
            "/login", "/error", "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**", "/favicon.ico"};

    private static final String ADMIN = UserRole.ADMIN.name();
    private static final String REVIEWER = UserRole.REVIEWER.name();

    private final PuyuSecurityProperties properties;

    SecurityConfiguration(PuyuSecurityProperties properties) {
        this.properties = properties;
    }

    /**
     * The access table of the web chain; the first matching row decides.
     *
     * <pre>
     * method   path                                               who
     * GET      /admin/*.css, /admin/*.js, /admin/*.svg            anyone (style, scripts, icon of the pages)
     * any      /admin/{users,keys,audit}/**                       ADMIN
     * any      /admin/api/{users,keys,audit}/**                   ADMIN
     * DELETE   /admin/api/**                                      ADMIN
     * POST     /admin/**&#47;delete                                   ADMIN
     * any      /admin, /admin/**  (pages and /admin/api)          REVIEWER, ADMIN
     * any      /account/**  (own password)                        any signed-in user
     * any      /, /c/**, /api/**  (chat page, conversation API)   anyone; signed-in only with puyu.security.require-login
     * any      /login, /actuator/health, /actuator/info,          anyone
     *          /actuator/prometheus, /v3/api-docs, swagger...
     * any      /actuator/**  (any other endpoint)                 ADMIN
     * GET,HEAD anything else (static files of the pages)          anyone
     * other    anything else                                      any signed-in user
     * </pre>
     */
    /** The chat page ({@code /}, a conversation's own address {@code /c/{id}}) and the conversation API. */
    static final String[] CHAT = {"/", "/index.html", "/c", "/c/**", "/api", "/api/**"};

    void accessRules(AuthorizeExchangeSpec rules) {
        rules.pathMatchers(GET, "/admin/*.css", "/admin/*.js", "/admin/*.svg").permitAll()
                .pathMatchers(ADMIN_ONLY).hasRole(ADMIN)
                .pathMatchers(DELETE, "/admin/api/**").hasRole(ADMIN)
                .matchers(SecurityConfiguration::isAdminDeletePost).hasRole(ADMIN)
                .pathMatchers("/admin", "/admin/**").hasAnyRole(REVIEWER, ADMIN)
                .pathMatchers("/account", "/account/**").authenticated();
        if (properties.requireLogin()) {
            rules.pathMatchers(CHAT).authenticated();
        } else {
            rules.pathMatchers(CHAT).permitAll();
        }
        rules.pathMatchers(PUBLIC).permitAll()
                .pathMatchers("/actuator", "/actuator/**").hasRole(ADMIN)
                .pathMatchers(GET, "/**").permitAll()
                .pathMatchers(HEAD, "/**").permitAll()
                .anyExchange().authenticated();
    }

    /** {@code POST /admin/.../delete}: the review pages' deletes. */
    static Mono<MatchResult> isAdminDeletePost(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean match = POST.equals(exchange.getRequest().getMethod()) && path.startsWith("/admin/")
                && (path.endsWith("/delete") || path.endsWith("/delete/"));
        return match ? MatchResult.match() : MatchResult.notMatch();
    }

    /** {@code /v1}: API keys, stateless, no CSRF. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain openAiApiChain(ServerHttpSecurity http, ApiKeyService keys, ObjectMapper json) {
        ApiKeyFilter apiKeys = new ApiKeyFilter(keys, json);
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/v1", "/v1/**"))
                .authorizeExchange(rules -> rules.anyExchange().authenticated())
                .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(e -> e.authenticationEntryPoint(apiKeys.entryPoint()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .headers(this::headers)
                .build();
    }

    /** Everything else: pages, the conversation API, the admin pages and their JSON API. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityWebFilterChain webChain(ServerHttpSecurity http, UserAuthenticationManager users,
                                    SessionSecurityContextRepository sessions, UserAccounts accounts, AuditLog audit,
                                    ObjectMapper json) {
        WebSessionServerRequestCache requestCache = new WebSessionServerRequestCache();
        SecurityResponses responses = new SecurityResponses(json, requestCache);
        SignInHandlers signIn = new SignInHandlers(accounts, audit, requestCache);
        CookieServerCsrfTokenRepository csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        return http.authorizeExchange(this::accessRules)
                .securityContextRepository(sessions)
                .requestCache(cache -> cache.requestCache(requestCache))
                .formLogin(form -> form.loginPage("/login")
                        .authenticationManager(users)
                        .authenticationEntryPoint(responses.entryPoint())
                        .authenticationSuccessHandler(signIn.success())
                        .authenticationFailureHandler(signIn.failure()))
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
                                new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(redirectTo("/")))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .accessDeniedHandler(responses.accessDenied()))
                .addFilterAfter(new CsrfCookieFilter(), SecurityWebFiltersOrder.CSRF)
                .exceptionHandling(e -> e.authenticationEntryPoint(responses.entryPoint())
                        .accessDeniedHandler(responses.accessDenied()))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .headers(this::headers)
                .build();
    }

    @Bean
    SessionSecurityContextRepository sessionSecurityContextRepository(UserAccounts accounts) {
        return new SessionSecurityContextRepository(accounts);
    }

    private void headers(ServerHttpSecurity.HeaderSpec headers) {
        headers.frameOptions(frame -> frame.mode(Mode.DENY))
                .writer(new ContentSecurityPolicyWriter(properties.contentSecurityPolicy()))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
    }

    private static RedirectServerLogoutSuccessHandler redirectTo(String location) {
        RedirectServerLogoutSuccessHandler handler = new RedirectServerLogoutSuccessHandler();
        handler.setLogoutSuccessUrl(URI.create(location));
        return handler;
    }
}
