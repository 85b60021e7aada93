package io.github.kvspring.data.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A permissions violation's subject is read out of the server's words and compared token by token.
 */
class KvPermissionViolationsTests {

	@Test
	void whenServerReportsViolationThenQuotedSubjectIsRead() {
		assertThat(KvPermissionViolations.refusedSubject("Permissions Violation for Publish to \"$KV.orders.k\""))
			.isEqualTo("$KV.orders.k");
		assertThat(KvPermissionViolations
			.refusedSubject("Permissions Violation for Subscription to \"$KV.orders.>\" using queue \"q\""))
			.isEqualTo("$KV.orders.>");
		assertThat(KvPermissionViolations.refusedSubject("Maximum Payload Violation")).isNull();
		assertThat(KvPermissionViolations.refusedSubject(null)).isNull();
	}

	@Test
	void whenBucketNamesShareAPrefixThenOnlyTheirOwnSubjectsMatch() {
		assertThat(KvPermissionViolations.isBucketSubject("$KV.orders.k", "orders")).isTrue();
		assertThat(KvPermissionViolations.isBucketSubject("$JS.API.STREAM.INFO.KV_orders", "orders")).isTrue();
		assertThat(KvPermissionViolations.isBucketSubject("$JS.API.CONSUMER.CREATE.KV_orders.c.$KV.orders.>", "orders"))
			.isTrue();
		assertThat(KvPermissionViolations.isBucketSubject("$JS.hub.API.DIRECT.GET.KV_orders.$KV.orders.k", "orders"))
			.isTrue();
		assertThat(KvPermissionViolations.isBucketSubject("$KV.orders_v2.k", "orders")).isFalse();
		assertThat(KvPermissionViolations.isBucketSubject("$JS.API.STREAM.INFO.KV_orders_v2", "orders")).isFalse();
		assertThat(KvPermissionViolations.isBucketSubject("$JS.API.STREAM.INFO.KV_orders", "orders_v2")).isFalse();
		assertThat(KvPermissionViolations.isBucketSubject("$KV.orders.k", "orders_v2")).isFalse();
		assertThat(KvPermissionViolations.isBucketSubject("orders.KV", "orders")).isFalse();
	}

}
