package io.github.kvspring.data.core;

/**
 * What a transaction's commit checks, and so which anomalies it rules out. Either way the commit is one atomic
 * batch: all of its writes land or none; no transaction sees another's writes in part (no dirty reads); and a
 * key a transaction gets twice reads the same (it keeps the entry it saw).
 *
 * @see KeyValueOperations#executeInTransaction(String, KvIsolation, int, KvTransactionCallback)
 * @see KvTransactionManager
 */
public enum KvIsolation {

	/**
	 * Every key the transaction writes is checked against the revision it saw of that key (or must still be
	 * absent), so no update is lost. Keys and key ranges it only read are not checked: it may commit on reads
	 * that are stale by then (read skew, write skew: two transactions that each read two keys and write a
	 * different one can both commit), and a range read may miss keys created since (phantoms). The default.
	 */
	WRITES_CHECKED,

	/**
	 * As {@link #WRITES_CHECKED}, and the keys and key ranges the transaction only read are checked too: the
	 * commit fails with a {@link KvTransactionConflictException} if any of them changed since it read them, so
	 * every committed transaction saw the bucket as it was when its writes landed (serializable). A transaction
	 * that writes nothing is checked by reading its keys and ranges again at the end. The checks ride on the
	 * commit's messages and also fail it on other writes made during the commit near the keys read, or anywhere
	 * in the bucket on a replicated one (see {@link KvTransaction} for the rules).
	 */
	SERIALIZABLE

}
