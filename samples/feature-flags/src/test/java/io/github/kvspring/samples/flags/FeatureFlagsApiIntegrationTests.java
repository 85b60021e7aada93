package io.github.kvspring.samples.flags;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.kvspring.data.cache.KvCache;
import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The flag API over HTTP, against a real server.
 */
@WithNatsServer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeatureFlagsApiIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	FlagRepository flags;

	@Autowired
	FlagOverrideRepository overrides;

	@Autowired
	CacheManager cacheManager;

	@BeforeEach
	void clean() {
		this.flags.deleteAll();
		this.overrides.deleteAll();
	}

	@Test
	void whenCreatingTwiceThenConflict() throws Exception {
		assertThat(send("POST", "/api/flags", flag("search", "fuzzy", false)).statusCode()).isEqualTo(201);
		HttpResponse<String> again = send("POST", "/api/flags", flag("search", "fuzzy", true));
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("\"error\":\"exists\"");
	}

	@Test
	void whenEditingAStaleRevisionThenConflictAndTheCurrentOneStays() throws Exception {
		send("POST", "/api/flags", flag("search", "ranking", false));
		long version = this.flags.findById(new FlagKey("search", "ranking")).orElseThrow().version();
		assertThat(send("PUT", "/api/flags/search/ranking", edit(true, version)).statusCode()).isEqualTo(200);
		HttpResponse<String> stale = send("PUT", "/api/flags/search/ranking", edit(false, version));
		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.body()).contains("\"error\":\"stale\"");
		assertThat(this.flags.findById(new FlagKey("search", "ranking")).orElseThrow().enabled()).isTrue();
	}

	@Test
	void whenReleasingSeveralFlagsThenAllSwitchTogetherOrNoneWhenOneIsMissing() throws Exception {
		send("POST", "/api/flags", flag("checkout", "one-click", false));
		send("POST", "/api/flags", flag("checkout", "new-ui", false));
		HttpResponse<String> released = send("POST", "/api/releases",
				"[{\"group\":\"checkout\",\"name\":\"one-click\",\"enabled\":true,\"rollout\":50},"
						+ "{\"group\":\"checkout\",\"name\":\"new-ui\",\"enabled\":true,\"rollout\":100}]");
		assertThat(released.statusCode()).isEqualTo(200);
		assertThat(this.flags.findById(new FlagKey("checkout", "one-click")).orElseThrow().rollout()).isEqualTo(50);
		assertThat(this.flags.findById(new FlagKey("checkout", "new-ui")).orElseThrow().enabled()).isTrue();
		HttpResponse<String> partial = send("POST", "/api/releases",
				"[{\"group\":\"checkout\",\"name\":\"one-click\",\"enabled\":false,\"rollout\":0},"
						+ "{\"group\":\"checkout\",\"name\":\"missing\",\"enabled\":true,\"rollout\":1}]");
		assertThat(partial.statusCode()).isEqualTo(400);
		assertThat(this.flags.findById(new FlagKey("checkout", "one-click")).orElseThrow().enabled())
			.as("the release was not applied in part")
			.isTrue();
	}

	@Test
	void whenListingByPatternThenOnlyMatchingGroup() throws Exception {
		send("POST", "/api/flags", flag("checkout", "new-ui", true));
		send("POST", "/api/flags", flag("checkout", "one-click", false));
		send("POST", "/api/flags", flag("search", "fuzzy", true));
		String checkout = send("GET", "/api/flags?match=checkout.*", null).body();
		assertThat(checkout).contains("new-ui", "one-click").doesNotContain("fuzzy");
		assertThat(send("GET", "/api/flags?match=*.fuzzy", null).body()).contains("fuzzy").doesNotContain("new-ui");
	}

	@Test
	void whenDeletedAndPurgedThenHistoryShowsTheMarkers() throws Exception {
		send("POST", "/api/flags", flag("ops", "banner", true));
		long version = this.flags.findById(new FlagKey("ops", "banner")).orElseThrow().version();
		send("PUT", "/api/flags/ops/banner", edit(false, version));
		assertThat(send("GET", "/api/flags/ops/banner/history", null).body()).contains("\"operation\":\"PUT\"");
		assertThat(send("DELETE", "/api/flags/ops/banner", null).statusCode()).isEqualTo(204);
		assertThat(send("GET", "/api/flags/ops/banner", null).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/api/flags/ops/banner/history", null).body()).contains("\"operation\":\"DELETE\"");
		assertThat(send("POST", "/api/flags/ops/banner/purge", null).statusCode()).isEqualTo(204);
		assertThat(send("GET", "/api/flags/ops/banner/history", null).body()).contains("PURGE").doesNotContain("PUT");
	}

	@Test
	void whenOverriddenThenTheOverrideExpiresByItself() throws Exception {
		send("POST", "/api/flags", flag("ops", "maintenance", false));
		assertThat(send("POST", "/api/flags/ops/maintenance/override", "{\"enabled\":true,\"ttlSeconds\":1}")
			.statusCode()).isEqualTo(201);
		assertThat(send("GET", "/api/overrides", null).body()).contains("maintenance");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> !send("GET", "/api/overrides", null).body().contains("maintenance"));
	}

	@Test
	void whenAFlagIsEvaluatedAgainThenTheCachedAnswerComesFromLocalMemoryUntilTheFlagChanges() throws Exception {
		send("POST", "/api/flags", flag("pricing", "discount", false));
		String off = send("GET", "/api/flags/pricing/discount/evaluation?user=ada", null).body();
		assertThat(off).contains("\"enabled\":false", "flag off");
		KvCache evaluations = (KvCache) this.cacheManager.getCache(FlagEvaluations.CACHE);
		long nearHits = evaluations.getStatistics().getNearCacheHits();
		assertThat(send("GET", "/api/flags/pricing/discount/evaluation?user=ada", null).body()).isEqualTo(off);
		assertThat(evaluations.getStatistics().getNearCacheHits()).isEqualTo(nearHits + 1);

		long version = this.flags.findById(new FlagKey("pricing", "discount")).orElseThrow().version();
		send("PUT", "/api/flags/pricing/discount", "{\"description\":\"on for all\",\"enabled\":true,"
				+ "\"rollout\":100,\"version\":" + version + "}");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				send("GET", "/api/flags/pricing/discount/evaluation?user=ada", null).body())
			.contains("\"enabled\":true", "rollout 100%"));

		send("POST", "/api/flags/pricing/discount/override", "{\"enabled\":false,\"ttlSeconds\":60}");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				send("GET", "/api/flags/pricing/discount/evaluation?user=ada", null).body())
			.contains("\"enabled\":false", "overridden"));
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json");
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String flag(String group, String name, boolean enabled) {
		return "{\"group\":\"" + group + "\",\"name\":\"" + name + "\",\"description\":\"" + name
				+ " for " + group + "\",\"enabled\":" + enabled + ",\"rollout\":50}";
	}

	static String edit(boolean enabled, long version) {
		return "{\"description\":\"edited\",\"enabled\":" + enabled + ",\"rollout\":75,\"version\":" + version + "}";
	}

}
