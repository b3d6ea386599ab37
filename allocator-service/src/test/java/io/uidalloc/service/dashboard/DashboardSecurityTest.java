package io.uidalloc.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Browser;
import io.uidalloc.service.support.IntegrationTest;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Signing in to the dashboard and what its session may do: the admin token is the only way in, and a form that
 * changes something needs the page's CSRF token as well as the session cookie.
 */
class DashboardSecurityTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    private int port;

    @Test
    void wrongTokenOnTheLoginPageShowsAnErrorAndLetsNobodyIn() {
        Browser.assumeInstalled();
        try (Browser browser = Browser.open(port)) {
            browser.signIn("not-the-admin-token-but-long-enough");

            String error = browser.waitFor("the login page shows an error", driver -> browser.text("#login-error"));
            assertThat(error).contains("not the admin token");
            browser.go("/dashboard/tenants");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard/login");
        }
    }

    @Test
    void formWithoutTheCsrfTokenIsRefusedWhileTheSameFormWithItIsAccepted() throws Exception {
        Session session = signedIn();
        String refusedName = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
        String acceptedName = "csrf-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> refused =
                session.post("/dashboard/tenants", Map.of("name", refusedName, "quotaBlocks", "1"));
        String csrf = session.csrfTokenOf("/dashboard/tenants");
        HttpResponse<String> accepted =
                session.post("/dashboard/tenants", Map.of("name", acceptedName, "quotaBlocks", "1", "_csrf", csrf));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/tenants/" + refusedName, ADMIN_TOKEN).status())
                .isEqualTo(404);
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(api.get("/api/v1/tenants/" + acceptedName, ADMIN_TOKEN).status())
                .isEqualTo(200);
    }

    @Test
    void pagesAndTheirDataNeedASignedInSession() throws Exception {
        Session anonymous = new Session();

        HttpResponse<String> root = anonymous.get("/");
        HttpResponse<String> page = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/dashboard"))
                .header("Accept", "text/html")
                .build());
        HttpResponse<String> data = anonymous.get("/dashboard/overview.json");
        HttpResponse<String> bearer = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/dashboard/overview.json"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build());

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard/login"));
        assertThat(data.statusCode()).isEqualTo(401);
        assertThat(bearer.statusCode())
                .as("the dashboard takes no bearer tokens")
                .isEqualTo(401);
        assertThat(signedIn().get("/dashboard/overview.json").statusCode()).isEqualTo(200);
    }

    private Session signedIn() throws Exception {
        Session session = new Session();
        String csrf = session.csrfTokenOf("/dashboard/login");
        HttpResponse<String> login = session.post("/dashboard/login", Map.of("token", ADMIN_TOKEN, "_csrf", csrf));
        assertThat(login.headers().firstValue("Location"))
                .as("signing in with the admin token leads to the dashboard")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        return session;
    }

    /** A browser-like HTTP client: keeps cookies, does not follow redirects. */
    private final class Session {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).build());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }

        HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        /** The CSRF token the page puts into its forms. */
        String csrfTokenOf(String path) throws IOException, InterruptedException {
            HttpResponse<String> page = get(path);
            Matcher token = CSRF.matcher(page.body());
            assertThat(token.find())
                    .as("page %s has a form with a CSRF token", path)
                    .isTrue();
            return token.group(1);
        }
    }
}
