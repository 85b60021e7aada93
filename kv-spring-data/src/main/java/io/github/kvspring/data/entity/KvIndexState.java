package io.github.kvspring.data.entity;

/**
 * Where the in-memory index of an entity type with {@code @KvIndexed} properties stood at its last query.
 */
public enum KvIndexState {

	/**
	 * Its first reading of the bucket is still under way: queries read the bucket.
	 */
	BUILDING,

	/**
	 * It held every write made before the query, and answered it.
	 */
	READY,

	/**
	 * Its watch is sound but was behind for longer than the catch-up timeout (a write burst, an election): the
	 * query read the bucket, and the index is kept.
	 */
	LAGGING,

	/**
	 * Its watch was lost (its server consumer gone, entries removed without an event): it is being built again,
	 * and queries read the bucket meanwhile.
	 */
	RECOVERING

}
