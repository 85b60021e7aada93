package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

/**
 * The work of a transaction. It may run more than once when the transaction is retried after a conflict, so it
 * must have no side effects outside the transaction.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface KvTransactionCallback<T extends @Nullable Object> {

	/**
	 * Reads and writes through the transaction.
	 * @param transaction the transaction
	 * @return the result
	 */
	T doInTransaction(KvTransaction transaction);

}
