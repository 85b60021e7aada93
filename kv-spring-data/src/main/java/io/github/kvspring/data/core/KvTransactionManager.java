package io.github.kvspring.data.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * A {@code PlatformTransactionManager} for a {@link KeyValueTemplate}: within a transaction it manages
 * ({@code @Transactional}, {@code TransactionTemplate}), the template's reads and writes, and so those of the
 * repositories built on it, join one {@link KvTransaction}. Writes are kept until the commit, which sends them as
 * one atomic batch checked against the revisions the transaction saw; a rollback sends nothing. A transaction
 * reads any bucket but writes one: a write to a second bucket is refused.
 * <p>
 * Inside a transaction a write is not sent yet, so it returns revision 0 (an update returns the revision it
 * expects, which an entity's {@code @Version} keeps until the commit); scans and queries read the bucket as
 * committed, without the transaction's own writes; {@code purgeAll}, {@code purgeAllSilently} and writes with a
 * TTL are refused.
 * <p>
 * Isolation: {@link TransactionDefinition#ISOLATION_SERIALIZABLE} (for example
 * {@code @Transactional(isolation = Isolation.SERIALIZABLE)}) runs a {@link KvIsolation#SERIALIZABLE} transaction,
 * whose commit also checks the keys the template read and the filters it scanned ({@code keys},
 * {@code streamKeys}, {@code streamEntries}, {@code history}, and so a repository's {@code findAll} and
 * {@code count} when they read the bucket); it must read and write one bucket, and a read of a second bucket is
 * refused once it writes, and the other way round. Queries and counts an entity's {@code @KvIndexed} index
 * answers do not read the bucket and are not checked. Every other level runs a {@link KvIsolation#WRITES_CHECKED}
 * transaction: no dirty reads, a key read twice reads the same, and no lost update (every written key is
 * checked), which is what {@code READ_COMMITTED} and {@code REPEATABLE_READ} promise (phantoms, read skew and write
 * skew can occur); {@code READ_UNCOMMITTED} gets the same, stronger than it asks. An inner
 * {@code @Transactional} that joins an outer one runs at the outer one's isolation, as Spring's managers do
 * ({@link #setValidateExistingTransaction(boolean)} refuses a mismatch instead).
 */
public class KvTransactionManager extends AbstractPlatformTransactionManager implements ResourceTransactionManager {

	private static final long serialVersionUID = 1L;

	private final transient KeyValueTemplate template;

	/**
	 * Creates a transaction manager for the template.
	 * @param template the template whose operations join the transactions
	 */
	public KvTransactionManager(KeyValueTemplate template) {
		Assert.notNull(template, "'template' must not be null");
		this.template = template;
	}

	@Override
	public Object getResourceFactory() {
		return this.template;
	}

	@Override
	protected Object doGetTransaction() {
		return new TransactionObject((Holder) TransactionSynchronizationManager.getResource(this.template));
	}

	@Override
	protected boolean isExistingTransaction(Object transaction) {
		return ((TransactionObject) transaction).holder != null;
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		Holder holder = new Holder(this.template, isolation(definition));
		((TransactionObject) transaction).holder = holder;
		TransactionSynchronizationManager.bindResource(this.template, holder);
	}

	@Override
	protected Object doSuspend(Object transaction) {
		((TransactionObject) transaction).holder = null;
		return TransactionSynchronizationManager.unbindResource(this.template);
	}

	@Override
	protected void doResume(@Nullable Object transaction, Object suspendedResources) {
		TransactionSynchronizationManager.bindResource(this.template, suspendedResources);
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		Holder holder = ((TransactionObject) status.getTransaction()).holder;
		if (holder != null) {
			holder.commit();
		}
	}

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		// Nothing was sent: the writes are dropped with the holder.
	}

	@Override
	protected void doSetRollbackOnly(DefaultTransactionStatus status) {
		Holder holder = ((TransactionObject) status.getTransaction()).holder;
		if (holder != null) {
			holder.rollbackOnly = true;
		}
	}

	@Override
	protected void doCleanupAfterCompletion(Object transaction) {
		TransactionSynchronizationManager.unbindResourceIfPossible(this.template);
		((TransactionObject) transaction).holder = null;
	}

	/**
	 * The isolation a transaction definition asks for: serializable, or writes checked for every other level.
	 */
	static KvIsolation isolation(TransactionDefinition definition) {
		return (definition.getIsolationLevel() == TransactionDefinition.ISOLATION_SERIALIZABLE)
				? KvIsolation.SERIALIZABLE : KvIsolation.WRITES_CHECKED;
	}

	/**
	 * The transaction of the template bound to this thread, if any.
	 */
	static @Nullable Holder current(KeyValueTemplate template) {
		return (Holder) TransactionSynchronizationManager.getResource(template);
	}

	/**
	 * The transaction state the manager hands Spring.
	 */
	private static final class TransactionObject {

		private @Nullable Holder holder;

		TransactionObject(@Nullable Holder holder) {
			this.holder = holder;
		}

	}

	/**
	 * One managed transaction: a {@link KvTransaction} per bucket it touched, of which one at most writes; in a
	 * serializable one, no other has reads.
	 */
	static final class Holder {

		private final KeyValueTemplate template;

		private final KvIsolation isolation;

		private final Map<String, KvTransactionRunner.Transaction> transactions = new LinkedHashMap<>();

		private boolean rollbackOnly;

		Holder(KeyValueTemplate template, KvIsolation isolation) {
			this.template = template;
			this.isolation = isolation;
		}

		KvIsolation isolation() {
			return this.isolation;
		}

		/**
		 * The transaction on a bucket about to be read, begun on first use; in a serializable transaction, refused
		 * if another bucket has writes.
		 */
		KvTransactionRunner.Transaction on(String bucket) {
			if (this.isolation == KvIsolation.SERIALIZABLE) {
				for (KvTransactionRunner.Transaction other : this.transactions.values()) {
					if (!other.bucket().equals(bucket) && other.hasWrites()) {
						throw serializableAcrossBuckets(other.bucket(), "it writes bucket '" + other.bucket()
								+ "', so it cannot read bucket '" + bucket + "'");
					}
				}
			}
			return this.transactions.computeIfAbsent(bucket,
					(name) -> this.template.beginTransaction(name, this.isolation));
		}

		/**
		 * The transaction on a bucket about to be written; refused if another bucket has writes, or, in a
		 * serializable transaction, reads.
		 */
		KvTransactionRunner.Transaction writing(String bucket) {
			for (KvTransactionRunner.Transaction other : this.transactions.values()) {
				if (other.bucket().equals(bucket)) {
					continue;
				}
				if (other.hasWrites()) {
					throw new InvalidDataAccessApiUsageException("A transaction writes one bucket: it writes bucket '"
							+ other.bucket() + "', so it cannot write bucket '" + bucket
							+ "' too; use a transaction per bucket");
				}
				if (this.isolation == KvIsolation.SERIALIZABLE && other.hasReads()) {
					throw serializableAcrossBuckets(bucket, "it read " + other.describeReads() + " in bucket '"
							+ other.bucket() + "', so it cannot write bucket '" + bucket + "'");
				}
			}
			return on(bucket);
		}

		private static InvalidDataAccessApiUsageException serializableAcrossBuckets(String written, String what) {
			return new InvalidDataAccessApiUsageException("A serializable transaction reads and writes one bucket, "
					+ "since its commit checks its reads in the bucket it writes only: " + what + "; read the other "
					+ "bucket in a transaction of its own, or use another isolation level; nothing was written to "
					+ "bucket '" + written + "'");
		}

		/**
		 * Commits the bucket written, or, in a serializable transaction that wrote nothing, checks every bucket
		 * read.
		 */
		void commit() {
			if (this.rollbackOnly) {
				return;
			}
			for (KvTransactionRunner.Transaction transaction : this.transactions.values()) {
				transaction.commit();
			}
		}

	}

}
