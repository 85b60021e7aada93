package io.github.kvspring.data.core;

import java.util.ArrayList;
import java.util.List;

import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a watch's entries are put together into changes: alone, or a transaction's together.
 */
class KvChangeAssemblerTests {

	private final KvChangeAssembler<String> changes = new KvChangeAssembler<>();

	@Test
	void whenEntriesAreWrittenAloneThenEachIsAChangeOfItsOwn() {
		this.changes.add("a", 1, null);
		this.changes.add("b", 2, new Headers());
		assertThat(drain()).containsExactly(List.of("a"), List.of("b"));
		assertThat(this.changes.released()).isEqualTo(2);
	}

	@Test
	void whenATransactionsEntriesArriveThenTheyAreOneChangeReleasedAtItsCommit() {
		this.changes.add("a", 1, batch("x", false));
		this.changes.add("b", 2, batch("x", false));
		assertThat(drain()).isEmpty();
		assertThat(this.changes.released()).isZero();
		assertThat(this.changes.batchOfUnknownEnd()).isEqualTo("x");
		this.changes.add("c", 3, batch("x", true));
		assertThat(drain()).containsExactly(List.of("a", "b", "c"));
		assertThat(this.changes.released()).isEqualTo(3);
	}

	@Test
	void whenAnEntryOfAnotherBatchOrNoneFollowsThenTheTransactionBeforeItEnds() {
		this.changes.add("a", 1, batch("x", false));
		this.changes.add("b", 3, batch("y", false));
		this.changes.add("c", 5, null);
		assertThat(drain()).containsExactly(List.of("a"), List.of("b"), List.of("c"));
	}

	@Test
	void whenTheEndIsFoundElsewhereThenTheTransactionIsReleasedThere() {
		this.changes.add("a", 1, batch("x", false));
		this.changes.endsAt(3);
		assertThat(this.changes.batchOfUnknownEnd()).isNull();
		this.changes.add("b", 2, batch("x", false));
		assertThat(drain()).isEmpty();
		this.changes.add("c", 3, batch("x", false));
		assertThat(drain()).containsExactly(List.of("a", "b", "c"));
	}

	@Test
	void whenTheEndFoundIsBehindThenTheTransactionIsReleasedAtOnce() {
		this.changes.add("a", 1, batch("x", false));
		this.changes.endsAt(1);
		assertThat(drain()).containsExactly(List.of("a"));
	}

	@Test
	void whenEntriesAreLeftOutThenTheirBoundariesStillCount() {
		this.changes.add("a", 1, batch("x", false));
		this.changes.add(null, 2, batch("x", true));
		this.changes.add(null, 3, null);
		assertThat(drain()).containsExactly(List.of("a"));
		assertThat(this.changes.released()).isEqualTo(3);
	}

	private List<List<String>> drain() {
		List<List<String>> drained = new ArrayList<>();
		for (List<String> change = this.changes.poll(); change != null; change = this.changes.poll()) {
			drained.add(change);
		}
		return drained;
	}

	private static Headers batch(String id, boolean commit) {
		Headers headers = new Headers().put(NatsJetStreamConstants.NATS_BATCH_ID_HDR, id);
		return commit ? headers.put(NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR, "1") : headers;
	}

}
