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
		Holder holder = new Holder(this.template);
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
	 * One managed transaction: a {@link KvTransaction} per bucket it touched, of which one at most writes.
	 */
	static final class Holder {

		private final KeyValueTemplate template;

		private final Map<String, KvTransactionRunner.Transaction> transactions = new LinkedHashMap<>();

		private boolean rollbackOnly;

		Holder(KeyValueTemplate template) {
			this.template = template;
		}

		/**
		 * The transaction on a bucket, begun on first use.
		 */
		KvTransactionRunner.Transaction on(String bucket) {
			return this.transactions.computeIfAbsent(bucket,
					(name) -> this.template.beginTransaction(name, KvIsolation.WRITES_CHECKED));
		}

		/**
		 * The transaction on a bucket about to be written; refused if another bucket has writes.
		 */
		KvTransactionRunner.Transaction writing(String bucket) {
			for (KvTransactionRunner.Transaction other : this.transactions.values()) {
				if (!other.bucket().equals(bucket) && other.hasWrites()) {
					throw new InvalidDataAccessApiUsageException("A transaction writes one bucket: it writes bucket '"
							+ other.bucket() + "', so it cannot write bucket '" + bucket
							+ "' too; use a transaction per bucket");
				}
			}
			return on(bucket);
		}

		void commit() {
			if (this.rollbackOnly) {
				return;
			}
			for (KvTransactionRunner.Transaction transaction : this.transactions.values()) {
				if (transaction.hasWrites()) {
					transaction.commit();
				}
			}
		}

	}

}
