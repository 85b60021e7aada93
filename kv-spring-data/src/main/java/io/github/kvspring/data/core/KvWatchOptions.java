package io.github.kvspring.data.core;

/**
 * How a watch starts and what it delivers. By default it delivers the current entry of every matching key
 * (deletes and purges included), then signals the end of the initial data, then every change as it happens.
 *
 * @param includeHistory whether to deliver every retained entry of the matching keys first, not only the
 * latest
 * @param ignoreDeletes whether to leave out delete, purge and expiry markers
 * @param updatesOnly whether to deliver only changes made after the watch starts (the end of the initial data
 * is signalled at once)
 * @param metaOnly whether to leave out values (entries carry {@code null})
 * @param fromRevision the revision to start from (every entry from it on, in order), or 0 to start as the
 * other options say
 */
public record KvWatchOptions(boolean includeHistory, boolean ignoreDeletes, boolean updatesOnly, boolean metaOnly,
		long fromRevision) {

	private static final KvWatchOptions DEFAULTS = new KvWatchOptions(false, false, false, false, 0);

	/**
	 * Checks the options.
	 * @param includeHistory whether to deliver every retained entry first
	 * @param ignoreDeletes whether to leave out markers
	 * @param updatesOnly whether to deliver only new changes
	 * @param metaOnly whether to leave out values
	 * @param fromRevision the revision to start from, or 0
	 */
	public KvWatchOptions {
		if (fromRevision < 0) {
			throw new IllegalArgumentException("'fromRevision' must not be negative but was " + fromRevision);
		}
		if (includeHistory && updatesOnly) {
			throw new IllegalArgumentException("'includeHistory' and 'updatesOnly' exclude each other");
		}
		if (fromRevision > 0 && (includeHistory || updatesOnly)) {
			throw new IllegalArgumentException(
					"'fromRevision' replays every entry from that revision; it excludes 'includeHistory' and 'updatesOnly'");
		}
	}

	/**
	 * The defaults: current values, then live changes.
	 * @return the default options
	 */
	public static KvWatchOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * These options, delivering every retained entry first.
	 * @return new options
	 */
	public KvWatchOptions withIncludeHistory() {
		return new KvWatchOptions(true, this.ignoreDeletes, this.updatesOnly, this.metaOnly, this.fromRevision);
	}

	/**
	 * These options, leaving out delete, purge and expiry markers.
	 * @return new options
	 */
	public KvWatchOptions withIgnoreDeletes() {
		return new KvWatchOptions(this.includeHistory, true, this.updatesOnly, this.metaOnly, this.fromRevision);
	}

	/**
	 * These options, delivering only changes made after the watch starts.
	 * @return new options
	 */
	public KvWatchOptions withUpdatesOnly() {
		return new KvWatchOptions(this.includeHistory, this.ignoreDeletes, true, this.metaOnly, this.fromRevision);
	}

	/**
	 * These options, leaving values out.
	 * @return new options
	 */
	public KvWatchOptions withMetaOnly() {
		return new KvWatchOptions(this.includeHistory, this.ignoreDeletes, this.updatesOnly, true, this.fromRevision);
	}

	/**
	 * These options, replaying every entry from the given revision on.
	 * @param revision the first revision to deliver
	 * @return new options
	 */
	public KvWatchOptions withFromRevision(long revision) {
		return new KvWatchOptions(this.includeHistory, this.ignoreDeletes, this.updatesOnly, this.metaOnly, revision);
	}

}
