package io.github.kvspring.data.listener;

import java.time.Instant;
import java.util.List;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvEntry;

import org.springframework.util.Assert;

/**
 * A {@link KvDeadLetterHandler} that writes each entry a group listener gave up on to a dead-letter bucket, under
 * its own key, as a {@link KvDeadLetter} (the original value and revision, the attempts, the exception). A change
 * taken whole writes one dead letter for each of its entries, one after the other. The bucket must exist; give it
 * some history if a key may fail more than once, as each dead letter of a key replaces the previous one.
 */
public class KvDeadLetterBucket implements KvDeadLetterHandler {

	private final KeyValueOperations operations;

	private final String bucket;

	/**
	 * Creates the handler.
	 * @param operations the operations to write with; their converter writes the {@link KvDeadLetter}s
	 * @param bucket the dead-letter bucket
	 */
	public KvDeadLetterBucket(KeyValueOperations operations, String bucket) {
		Assert.notNull(operations, "'operations' must not be null");
		Assert.hasText(bucket, "'bucket' must not be empty");
		this.operations = operations;
		this.bucket = bucket;
	}

	/**
	 * The dead-letter bucket.
	 * @return its name
	 */
	public String getBucket() {
		return this.bucket;
	}

	@Override
	public void handle(KvListenerContainer container, List<KvEntry<byte[]>> entries, Exception failure,
			int attempts) {
		String group = container.getEndpoint().group();
		Instant now = Instant.now();
		for (KvEntry<byte[]> entry : entries) {
			this.operations.put(this.bucket, entry.key(),
					new KvDeadLetter(container.getId(), group, entry.bucket(), entry.key(), entry.revision(),
							entry.operation(), entry.value(), attempts, failure.getClass().getName(),
							failure.getMessage(), now));
		}
	}

}
