package io.github.kvspring.data.core;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reply subjects read in place, in both layouts the server sends. (Scans and watches against a real server,
 * whose revisions the integration tests check, read every entry through this.)
 */
class KvAckSubjectTests {

	@ParameterizedTest
	@CsvSource({ "$JS.ACK.KV_orders.cons1.1.9007199254740993.42.1764072000123456789.17, 9007199254740993, 42, 17",
			"$JS.ACK.hub.ACCHASH.KV_orders.cons1.3.5.2.1764072000123456789.0, 5, 2, 0",
			"$JS.ACK.hub.ACCHASH.KV_orders.cons1.3.5.2.1764072000123456789.8.r4nd0m, 5, 2, 8" })
	void whenParsedThenSequencesTimestampAndPendingRead(String subject, long sequence, long consumerSequence,
			long pending) {
		KvAckSubject parsed = KvAckSubject.parse(subject);
		assertThat(parsed.streamSequence()).isEqualTo(sequence);
		assertThat(parsed.consumerSequence()).isEqualTo(consumerSequence);
		assertThat(parsed.timestamp()).isEqualTo(Instant.parse("2025-11-25T12:00:00.123456789Z"));
		assertThat(parsed.pending()).isEqualTo(pending);
	}

	@Test
	void whenNotAnAckSubjectThenRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> KvAckSubject.parse("_INBOX.abc.def"))
			.withMessageContaining("_INBOX.abc.def");
		assertThatIllegalArgumentException().isThrownBy(() -> KvAckSubject.parse("$JS.ACK.a.b.c"))
			.withMessageContaining("$JS.ACK.a.b.c");
	}

}
