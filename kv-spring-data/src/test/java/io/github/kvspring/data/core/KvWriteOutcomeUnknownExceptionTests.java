package io.github.kvspring.data.core;

import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write of unknown outcome must not look transient: generic retry would resend a write that may have landed.
 */
class KvWriteOutcomeUnknownExceptionTests {

	@Test
	void whenWriteOutcomeUnknownThenNonTransientAndNotATimeout() {
		KvWriteOutcomeUnknownException ex = new KvWriteOutcomeUnknownException("orders", "k", new TimeoutException());
		assertThat(ex).isInstanceOf(DataAccessException.class)
			.isInstanceOf(NonTransientDataAccessException.class)
			.isNotInstanceOf(TransientDataAccessException.class)
			.isNotInstanceOf(QueryTimeoutException.class)
			.hasMessageContaining("bucket 'orders'")
			.hasMessageContaining("read the key before retrying");
		assertThat(ex.getBucket()).isEqualTo("orders");
		assertThat(ex.getKey()).isEqualTo("k");
	}

	@Test
	void whenTimedOutWriteTranslatedThenOutcomeUnknownAndReadStaysATimeout() {
		KvRequestFailure timeout = new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, "$KV.orders.k");
		assertThat(KvExceptionTranslator.translate(timeout, KvExceptionTranslator.Call.write("orders", "k")))
			.isInstanceOf(KvWriteOutcomeUnknownException.class)
			.isNotInstanceOf(TransientDataAccessException.class);
		assertThat(KvExceptionTranslator.translate(timeout, KvExceptionTranslator.Call.read("orders", "k")))
			.isInstanceOf(QueryTimeoutException.class);
	}

}
