package io.github.kvspring.data.entity;

import java.util.List;
import java.util.Map;

import io.github.kvspring.data.core.KvBatchWriteException;
import io.github.kvspring.data.core.KvWriteResult;

/**
 * Some entities of a {@code saveAll} could not be saved; the others were, and carry their new revisions.
 */
public class KvSaveAllException extends KvBatchWriteException {

	private static final long serialVersionUID = 1L;

	/** The entities that were saved, with their new versions, in the order given. */
	private final transient List<Object> saved;

	/** Each entity that failed, with why. */
	private final transient Map<Object, KvWriteResult> failed;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param results every write's outcome
	 * @param saved the saved entities, carrying their new versions
	 * @param failed each failed entity with its outcome
	 */
	public KvSaveAllException(String bucket, List<KvWriteResult> results, List<Object> saved,
			Map<Object, KvWriteResult> failed) {
		super(bucket, "entities saved", results);
		this.saved = List.copyOf(saved);
		this.failed = Map.copyOf(failed);
	}

	/**
	 * The entities that were saved, with their new versions (copies, for immutable entities).
	 * @return the saved entities
	 */
	public List<Object> getSavedEntities() {
		return this.saved;
	}

	/**
	 * Each entity that could not be saved, with its outcome (its key and cause).
	 * @return the failed entities
	 */
	public Map<Object, KvWriteResult> getFailedEntities() {
		return this.failed;
	}

}
