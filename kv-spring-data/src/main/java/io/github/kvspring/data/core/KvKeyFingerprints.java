package io.github.kvspring.data.core;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of keys kept as 64-bit fingerprints (8 bytes a key in an open-addressing table, about 16 MB for a million
 * keys where a set of strings takes about 100 MB). A fingerprint is a seeded hash, seeded anew for each set, so
 * that no choice of keys collides on purpose; two different keys share one with odds of about one in 2^64 per
 * pair.
 */
final class KvKeyFingerprints {

	private static final int INITIAL_CAPACITY = 1024;

	private final long seed = ThreadLocalRandom.current().nextLong();

	private long[] table = new long[INITIAL_CAPACITY];

	private int size;

	/**
	 * Adds a key.
	 * @return whether it was absent
	 */
	boolean add(String key) {
		if (this.size >= this.table.length * 3 / 4) {
			grow();
		}
		boolean added = insert(this.table, fingerprint(key));
		if (added) {
			this.size++;
		}
		return added;
	}

	boolean contains(String key) {
		long fingerprint = fingerprint(key);
		int mask = this.table.length - 1;
		for (int slot = slot(fingerprint, mask);; slot = (slot + 1) & mask) {
			long stored = this.table[slot];
			if (stored == 0) {
				return false;
			}
			if (stored == fingerprint) {
				return true;
			}
		}
	}

	int size() {
		return this.size;
	}

	private void grow() {
		long[] grown = new long[this.table.length * 2];
		for (long fingerprint : this.table) {
			if (fingerprint != 0) {
				insert(grown, fingerprint);
			}
		}
		this.table = grown;
	}

	private static boolean insert(long[] table, long fingerprint) {
		int mask = table.length - 1;
		for (int slot = slot(fingerprint, mask);; slot = (slot + 1) & mask) {
			long stored = table[slot];
			if (stored == fingerprint) {
				return false;
			}
			if (stored == 0) {
				table[slot] = fingerprint;
				return true;
			}
		}
	}

	private static int slot(long fingerprint, int mask) {
		return (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
	}

	/**
	 * FNV-1a over the key's bytes from a random basis, then MurmurHash3's 64-bit finalizer; never 0 (the empty
	 * slot).
	 */
	private long fingerprint(String key) {
		long hash = this.seed ^ 0xcbf29ce484222325L;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return (hash != 0) ? hash : 1;
	}

}
