package io.github.kvspring.data.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.dao.DataAccessException;

/**
 * Some writes of a batch failed; the others were applied. Lists each failed write with its cause.
 */
public class KvBatchWriteException extends DataAccessException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** Every write's outcome, in the order of the batch. */
	private final List<KvWriteResult> results;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param description what was written, for the message, such as "writes" or "entities"
	 * @param results every write's outcome, in the order of the batch
	 */
	public KvBatchWriteException(String bucket, String description, List<KvWriteResult> results) {
		super(message(bucket, description, results));
		this.bucket = bucket;
		this.results = List.copyOf(results);
		failures().forEach((result) -> addSuppressed(Objects.requireNonNull(result.failure())));
	}

	private static String message(String bucket, String description, List<KvWriteResult> results) {
		List<KvWriteResult> failed = results.stream().filter((result) -> !result.succeeded()).toList();
		return failed.size() + " of " + results.size() + " " + description + " to bucket '" + bucket + "' failed ("
				+ (results.size() - failed.size()) + " applied): "
				+ failed.stream().map((result) -> "'" + result.key() + "': " + Objects.requireNonNull(result.failure()).getMessage())
					.collect(Collectors.joining("; "));
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * Every write's outcome, in the order of the batch.
	 * @return the results
	 */
	public List<KvWriteResult> getResults() {
		return this.results;
	}

	/**
	 * The failed writes.
	 * @return the failures, in the order of the batch
	 */
	public List<KvWriteResult> failures() {
		return this.results.stream().filter((result) -> !result.succeeded()).toList();
	}

}
