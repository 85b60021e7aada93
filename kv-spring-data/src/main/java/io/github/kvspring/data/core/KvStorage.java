package io.github.kvspring.data.core;

/**
 * Where a bucket keeps its entries.
 */
public enum KvStorage {

	/**
	 * On disk; survives server restarts.
	 */
	FILE,

	/**
	 * In memory; lost when every replica restarts.
	 */
	MEMORY

}
