package io.github.kvspring.data.listener;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.data.core.KvEntry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Hands a group listener's changes to its method with retries in place: a failing call is repeated as the error
 * handler's back-off says, then the error handler and the dead-letter handler get it, and the change counts as
 * handled. Retrying in place, before the acknowledgement, keeps the group's order: the member is the only one
 * reading, so later changes wait for it.
 */
final class KvGroupDelivery {

	private static final System.Logger logger = System.getLogger(KvGroupDelivery.class.getName());

	private static final long DEAD_LETTER_RETRY_MILLIS = 1_000;

	private final KvListenerContainer container;

	private final KvEntryHandler handler;

	private final KvListenerErrorHandler errorHandler;

	private final @Nullable KvDeadLetterHandler deadLetterHandler;

	KvGroupDelivery(KvListenerContainer container, KvEntryHandler handler, KvListenerErrorHandler errorHandler,
			@Nullable KvDeadLetterHandler deadLetterHandler) {
		this.container = container;
		this.handler = handler;
		this.errorHandler = errorHandler;
		this.deadLetterHandler = deadLetterHandler;
	}

	/**
	 * Calls the method for a change: once with the change whole, or for each of its entries in turn, each with its
	 * own retries.
	 * @param change the change
	 * @param leaving counted down when the member stops; a wait between attempts ends with it
	 * @return {@code true} if the change is done with (handled, or given up on and dead-lettered), {@code false} if
	 * the member stopped first: the change must not be acknowledged
	 */
	boolean deliver(List<KvEntry<byte[]>> change, CountDownLatch leaving) throws InterruptedException {
		if (this.handler.takesWholeChanges()) {
			if (!deliverUnit(change, leaving)) {
				return false;
			}
		}
		else {
			for (KvEntry<byte[]> entry : change) {
				if (!deliverUnit(List.of(entry), leaving)) {
					return false;
				}
			}
		}
		this.container.handled(change);
		return true;
	}

	private boolean deliverUnit(List<KvEntry<byte[]>> unit, CountDownLatch leaving) throws InterruptedException {
		BackOffExecution backOff = this.errorHandler.retryBackOff().start();
		for (int attempt = 1;; attempt++) {
			Exception failure = call(unit, attempt);
			if (failure == null) {
				return true;
			}
			long interval = backOff.nextBackOff();
			if (interval == BackOffExecution.STOP) {
				return giveUp(unit, failure, attempt, leaving);
			}
			if (leaving.await(interval, TimeUnit.MILLISECONDS)) {
				return false;
			}
		}
	}

	private @Nullable Exception call(List<KvEntry<byte[]>> unit, int attempt) {
		KvEntryHandler target = this.handler;
		if (target.takesWholeChanges()) {
			return this.container.observe(unit.get(0), () -> target.handleChange(unit, attempt));
		}
		return this.container.observe(unit.get(0), () -> target.handle(unit.get(0), attempt));
	}

	private boolean giveUp(List<KvEntry<byte[]>> unit, Exception failure, int attempts, CountDownLatch leaving)
			throws InterruptedException {
		this.errorHandler.handleFailure(this.container, unit.get(0), failure);
		KvDeadLetterHandler deadLetters = this.deadLetterHandler;
		if (deadLetters == null) {
			return true;
		}
		BackOffExecution backOff = this.errorHandler.retryBackOff().start();
		while (true) {
			try {
				deadLetters.handle(this.container, unit, failure, attempts);
				return true;
			}
			catch (Exception ex) {
				KvEntry<byte[]> first = unit.get(0);
				logger.log(System.Logger.Level.WARNING, "Listener '" + this.container.getId()
						+ "' could not dead-letter key '" + first.key() + "' at revision " + first.revision()
						+ " of bucket '" + first.bucket() + "'; trying again", ex);
				long interval = backOff.nextBackOff();
				if (interval == BackOffExecution.STOP || interval < DEAD_LETTER_RETRY_MILLIS) {
					interval = DEAD_LETTER_RETRY_MILLIS;
				}
				if (leaving.await(interval, TimeUnit.MILLISECONDS)) {
					return false;
				}
			}
		}
	}

}
