package io.github.kvspring.data.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.dao.DataAccessException;

/**
 * Some writes of a batch failed; the others were applied. Every write's outcome, with the cause of each failure,
 * is available from {@link #getResults()} and {@link #failures()}; the message stays short however large the
 * batch: the failures counted by cause type and the first {@value #KEYS_SHOWN} failed keys with their causes.
 */
public class KvBatchWriteException extends DataAccessException {

	private static final long serialVersionUID = 1L;

	/** How many failed keys the message names. */
	static final int KEYS_SHOWN = 5;

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
	}

	private static String message(String bucket, String description, List<KvWriteResult> results) {
		List<KvWriteResult> failed = results.stream().filter((result) -> !result.succeeded()).toList();
		Map<String, Long> byCause = failed.stream()
			.collect(Collectors.groupingBy((result) -> cause(result).getClass().getSimpleName(), TreeMap::new,
					Collectors.counting()));
		StringBuilder message = new StringBuilder().append(failed.size()).append(" of ").append(results.size())
			.append(' ').append(description).append(" to bucket '").append(bucket).append("' failed (")
			.append(results.size() - failed.size()).append(" applied): ");
		message.append(byCause.entrySet().stream().map((entry) -> entry.getValue() + " " + entry.getKey())
			.collect(Collectors.joining(", ")));
		message.append("; ").append(failed.stream().limit(KEYS_SHOWN)
			.map((result) -> "'" + KvMessages.cut(result.key()) + "': " + KvMessages.cut(String.valueOf(cause(result).getMessage())))
			.collect(Collectors.joining("; ")));
		if (failed.size() > KEYS_SHOWN) {
			message.append("; and ").append(failed.size() - KEYS_SHOWN).append(" more (see failures())");
		}
		return message.toString();
	}

	private static DataAccessException cause(KvWriteResult result) {
		return Objects.requireNonNull(result.failure());
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
