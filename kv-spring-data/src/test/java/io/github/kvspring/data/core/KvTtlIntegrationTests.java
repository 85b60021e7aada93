package io.github.kvspring.data.core;

import java.time.Duration;

import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Bucket TTL and per-key TTL against a real server: expiries reach watchers as their own kind of event, and
 * per-key TTL is refused wherever the server would ignore or misapply it.
 */
@WithNatsServer
class KvTtlIntegrationTests {

	private static final Duration EXPIRY_WAIT = Duration.ofSeconds(15);

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	KvTtlIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
	}

	@Test
	void whenBucketTtlPassesThenValueGoneAndWatcherSeesExpiry() {
		String bucket = UniqueNames.bucket("bucket-ttl");
		this.admin.create(KvBucketDefinition.builder(bucket).ttl(Duration.ofSeconds(1)).build());
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(bucket, String.class, KvWatchOptions.defaults(), listener)) {
			this.template.put(bucket, "session", "data");
			await().atMost(EXPIRY_WAIT).until(() -> listener.entries.size() == 2);
			assertThat(listener.describe()).containsExactly("PUT session=data", "EXPIRED session=null");
		}
		assertThat(this.template.get(bucket, "session", String.class)).isNull();
		assertThat(this.template.keys(bucket)).isEmpty();
	}

	@Test
	void whenPerKeyTtlOnHistoryOneBucketThenThatKeyExpiresAloneWithAnEvent() {
		String bucket = UniqueNames.bucket("key-ttl");
		this.admin.create(KvBucketDefinition.builder(bucket).limitMarkerTtl(Duration.ofSeconds(1)).build());
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(bucket, String.class, KvWatchOptions.defaults(), listener)) {
			this.template.put(bucket, "short", "a", Duration.ofMillis(1500));
			this.template.create(bucket, "created", "b", Duration.ofSeconds(1));
			this.template.put(bucket, "forever", "c");
			await().atMost(EXPIRY_WAIT).until(() -> listener.entries.stream()
				.filter((entry) -> entry.operation() == KvOperation.EXPIRED).count() == 2);
		}
		assertThat(listener.entries).filteredOn((entry) -> entry.operation() == KvOperation.EXPIRED)
			.extracting(KvEntry::key).containsExactlyInAnyOrder("short", "created");
		assertThat(this.template.keys(bucket)).containsExactly("forever");
		assertThat(this.template.history(bucket, "short", String.class)).extracting(KvEntry::operation)
			.containsExactly(KvOperation.EXPIRED);
		this.template.create(bucket, "short", "again");
		assertThat(this.template.get(bucket, "short", String.class).value()).isEqualTo("again");
	}

	@Test
	void whenPerKeyTtlOnBucketWithHistoryThenRefusedWithTheReasonAndNothingWritten() {
		String bucket = UniqueNames.bucket("history-ttl");
		this.admin.create(KvBucketDefinition.builder(bucket).history(5).limitMarkerTtl(Duration.ofSeconds(1)).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.template.put(bucket, "k", "v", Duration.ofSeconds(5)))
			.withMessageContaining("keeps 5 revisions per key")
			.withMessageContaining("older value back")
			.withMessageContaining("nothing was written");
		assertThat(this.template.keys(bucket, KvKeyScope.ANY_ENTRY)).isEmpty();
	}

	@Test
	void whenPerKeyTtlOnBucketWithoutLimitMarkerThenRefused() {
		String bucket = UniqueNames.bucket("no-marker");
		this.admin.create(KvBucketDefinition.builder(bucket).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.template.create(bucket, "k", "v", Duration.ofSeconds(5)))
			.withMessageContaining("no limit marker TTL");
		assertThat(this.template.keys(bucket, KvKeyScope.ANY_ENTRY)).isEmpty();
	}

	@Test
	void whenTtlBelowOneSecondThenRefused() {
		String bucket = UniqueNames.bucket("sub-second");
		this.admin.create(KvBucketDefinition.builder(bucket).limitMarkerTtl(Duration.ofSeconds(1)).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.template.put(bucket, "k", "v", Duration.ofMillis(500)))
			.withMessageContaining("below the server's minimum of 1 second");
		assertThat(this.template.keys(bucket, KvKeyScope.ANY_ENTRY)).isEmpty();
	}

}
