package ai.puyu.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * One browser against the real server: keeps the cookies the server sets (session, XSRF-TOKEN, visitor) and sends
 * them back, with the CSRF token as the {@code X-XSRF-TOKEN} header on unsafe requests (as the pages' scripts do)
 * or as the {@code _csrf} form field (as the pages' forms do).
 */
public final class WebSession {

    /** The CSRF cookie and header names. */
    public static final String XSRF_COOKIE = "XSRF-TOKEN";
    public static final String XSRF_HEADER = "X-XSRF-TOKEN";
    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "SESSION";

    private final WebTestClient web;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private WebSession(WebTestClient web) {
        this.web = web.mutate().filter((request, next) -> next.exchange(request).doOnNext(this::keep)).build();
    }

    /** A new browser that has loaded the sign-in page (so it holds a CSRF token). */
    public static WebSession anonymous(WebTestClient web) {
        WebSession session = new WebSession(web);
        session.get("/login").expectStatus().isOk();
        assertThat(session.csrfToken()).as("the XSRF-TOKEN cookie of GET /login").isNotBlank();
        return session;
    }

    /** A new browser signed in through the sign-in form. */
    public static WebSession signIn(WebTestClient web, String username, String password) {
        WebSession session = anonymous(web);
        session.submitLogin(username, password).expectStatus().isFound();
        assertThat(session.cookie(SESSION_COOKIE)).as("session cookie after signing in as " + username).isNotNull();
        return session;
    }

    /** Posts the sign-in form. */
    public WebTestClient.ResponseSpec submitLogin(String username, String password) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        return form("/login", form);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public String csrfToken() {
        return cookies.get(XSRF_COOKIE);
    }

    /** A GET as a browser navigating to a page sends it (Accept: text/html). */
    public WebTestClient.ResponseSpec open(String uri) {
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri(uri).accept(MediaType.TEXT_HTML);
        cookies.forEach(request::cookie);
        return request.exchange();
    }

    public WebTestClient.ResponseSpec get(String uri) {
        return send(HttpMethod.GET, uri, null, null, false);
    }

    /** A JSON request (body may be null) with the CSRF header. */
    public WebTestClient.ResponseSpec json(HttpMethod method, String uri, String body) {
        return send(method, uri, MediaType.APPLICATION_JSON, body, true);
    }

    /** Any request, with or without the CSRF header and cookie. */
    public WebTestClient.ResponseSpec send(HttpMethod method, String uri, MediaType type, Object body, boolean csrf) {
        WebTestClient.RequestBodySpec request = web.method(method).uri(uri);
        cookies.forEach((name, value) -> {
            if (csrf || !name.equals(XSRF_COOKIE)) {
                request.cookie(name, value);
            }
        });
        if (csrf && csrfToken() != null) {
            request.header(XSRF_HEADER, csrfToken());
        }
        WebTestClient.RequestHeadersSpec<?> ready = request;
        if (body instanceof String text) {
            ready = request.contentType(type == null ? MediaType.APPLICATION_JSON : type).bodyValue(text);
        } else if (body instanceof MultiValueMap<?, ?> map) {
            @SuppressWarnings("unchecked")
            MultiValueMap<String, String> form = (MultiValueMap<String, String>) map;
            ready = request.body(BodyInserters.fromFormData(form));
        }
        return ready.exchange();
    }

    /** A form post with the {@code _csrf} field, as a page's form sends it. */
    public WebTestClient.ResponseSpec form(String uri, MultiValueMap<String, String> fields) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>(fields);
        if (csrfToken() != null) {
            form.add("_csrf", csrfToken());
        }
        WebTestClient.RequestBodySpec request = web.post().uri(uri);
        cookies.forEach(request::cookie);
        return request.body(BodyInserters.fromFormData(form)).exchange();
    }

    /** A form post with these fields (pairs of name, value). */
    public WebTestClient.ResponseSpec form(String uri, String... nameValues) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.add(nameValues[i], nameValues[i + 1]);
        }
        return form(uri, form);
    }

    /** The body of a successful GET as text. */
    public String page(String uri) {
        EntityExchangeResult<String> result = get(uri).expectStatus().isOk().expectBody(String.class).returnResult();
        return result.getResponseBody();
    }

    /** Keeps every cookie a response sets; a cookie set to expire is dropped. */
    private void keep(ClientResponse response) {
        response.cookies().forEach((name, values) -> {
            for (ResponseCookie cookie : values) {
                if (cookie.getMaxAge().isZero() || cookie.getValue().isEmpty()) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        });
    }
}
