package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * The outcome of one write of a batch: its new revision, or why it failed.
 *
 * @param key the key
 * @param revision the new revision, or 0 if the write failed
 * @param failure why the write failed, or {@code null} if it succeeded
 */
public record KvWriteResult(String key, long revision, @Nullable DataAccessException failure) {

	/**
	 * Whether the write was applied.
	 * @return whether it succeeded
	 */
	public boolean succeeded() {
		return this.failure == null;
	}

}
