package io.github.kvspring.data.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Finds the transaction a {@link KeyValueTemplate}'s operation joins: the one a {@link KvTransactionManager} holds
 * for the template on this thread. A read joins the transaction on its bucket, a write the transaction on the one
 * bucket the managed transaction writes; what a transaction cannot hold (a write with a TTL, purging a bucket) is
 * refused. A scan joins a managed serializable transaction as a range read its commit checks; it reads the bucket
 * as committed. Outside a managed transaction there is nothing to join and nothing is refused.
 */
final class KvTransactionJoin {

	/** The template, which is also the key the transaction manager binds its transaction to the thread with. */
	private final KeyValueTemplate template;

	KvTransactionJoin(KeyValueTemplate template) {
		this.template = template;
	}

	/**
	 * The transaction on the bucket that this thread's managed transaction holds, if there is one.
	 */
	KvTransactionRunner.@Nullable Transaction reading(String bucket) {
		KvTransactionManager.Holder holder = KvTransactionManager.current(this.template);
		return (holder != null) ? holder.on(bucket) : null;
	}

	/**
	 * The transaction on a bucket about to be written that this thread's managed transaction holds, if there is
	 * one; refused if it writes another bucket.
	 */
	KvTransactionRunner.@Nullable Transaction writing(String bucket) {
		KvTransactionManager.Holder holder = KvTransactionManager.current(this.template);
		return (holder != null) ? holder.writing(bucket) : null;
	}

	/**
	 * Records the filters of a scan about to start as range reads of this thread's managed transaction, if it is
	 * serializable (before the scan: see {@link KvTransactionReads#recordRange(String)}).
	 * @return the filters
	 */
	List<String> scanning(String bucket, List<String> filters) {
		KvTransactionManager.Holder holder = KvTransactionManager.current(this.template);
		if (holder != null && holder.isolation() == KvIsolation.SERIALIZABLE) {
			KvTransactionRunner.Transaction transaction = holder.on(bucket);
			filters.forEach(transaction::recordRange);
		}
		return filters;
	}

	/**
	 * Refuses an operation that cannot be part of a transaction while this thread has a managed one.
	 * @param operation what the message calls the operation
	 */
	void refuse(String bucket, String operation) {
		if (KvTransactionManager.current(this.template) != null) {
			throw new InvalidDataAccessApiUsageException(operation + " on bucket '" + bucket + "' cannot be part of "
					+ "a transaction; run it outside the transaction");
		}
	}

}
