package ai.puyu.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.puyu.conversation.ApiKeyService;
import ai.puyu.conversation.CreatedApiKey;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /v1} as a client on another machine sees it: the test connects to this machine's own non-loopback address
 * (e.g. eth0's), so the server sees a real non-loopback remote address (no header tricks). Skipped where the machine
 * has no such address.
 */
class ApiKeyRemoteClientTests extends ApiTestBase {

    @Autowired
    ApiKeyService keys;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    /** An IPv4 address of an interface that is up and not loopback. */
    static Optional<InetAddress> siteAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nif -> {
                    try {
                        return nif.isUp() && !nif.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private HttpResponse<String> models(InetAddress host, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://" + host.getHostAddress() + ":" + port + "/v1/models"));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRemoteClientGets401WhileNoKeyExistsAndIsServedWithAKey() throws Exception {
        Optional<InetAddress> address = siteAddress();
        assumeThat(address).as("a non-loopback IPv4 address on this machine").isPresent();
        assertThat(keys.hasAnyActiveKey()).as("no key exists at the start").isFalse();

        HttpResponse<String> refused = models(address.get(), null);
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode error = json.readTree(refused.body()).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("invalid_api_key");
        assertThat(error.get("message").stringValue()).contains("only local clients", "/admin/keys");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        // a placeholder key does not help a remote client either
        assertThat(models(address.get(), "sk-anything").statusCode()).isEqualTo(401);
        // the same request from loopback is served
        assertThat(models(InetAddress.getLoopbackAddress(), null).statusCode()).isEqualTo(200);

        CreatedApiKey key = keys.create("remote-client-test");
        try {
            assertThat(models(address.get(), key.plaintext()).statusCode()).isEqualTo(200);
            HttpResponse<String> noKey = models(address.get(), null);
            assertThat(noKey.statusCode()).isEqualTo(401);
            assertThat(json.readTree(noKey.body()).get("error").get("message").stringValue())
                    .contains("didn't provide an API key");
        } finally {
            keys.revoke(key.apiKey().id());
        }
    }

    @Test
    void v1NeitherSetsASessionNorNeedsACsrfToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"demo-tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}
