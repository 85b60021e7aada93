package io.github.kvspring.data.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KvTransactionConflictExceptionTests {

	@Test
	void whenKeysAndRangesChangedThenTheMessageNamesThem() {
		assertThat(new KvTransactionConflictException("b", List.of("x"), List.of("orders.>", "stock.*"), null))
			.hasMessage("Transaction on bucket 'b' was not committed: key 'x' and key ranges 'orders.>', 'stock.*' "
					+ "changed since the transaction read them; nothing was written")
			.satisfies((ex) -> assertThat(ex.getConflictingRanges()).containsExactly("orders.>", "stock.*"));
	}

	@Test
	void whenNothingReadChangedThenTheMessageNamesTheFiltersTheCommitChecked() {
		assertThat(new KvTransactionConflictException("b", List.of(), List.of(), List.of("doctors.*"), null))
			.hasMessage("Transaction on bucket 'b' was not committed: another write under filter 'doctors.*' landed "
					+ "during the commit, which checks that filter for the keys and key ranges the transaction only "
					+ "read; nothing was written");
		assertThat(new KvTransactionConflictException("b", List.of(), List.of(), List.of(">"), null))
			.hasMessage("Transaction on bucket 'b' was not committed: another write to the bucket landed during the "
					+ "commit, which checks the whole bucket for the keys and key ranges the transaction only read; "
					+ "nothing was written");
		assertThat(new KvTransactionConflictException("b", List.of(), null)).hasMessage(
				"Transaction on bucket 'b' was not committed: a key it writes changed since it was read; nothing was "
						+ "written");
	}

}
