package io.github.kvspring.data.core;

import org.springframework.dao.TransientDataAccessException;

/**
 * A scan of a bucket with atomic writes could not return the bucket as of one moment: a write during the scan
 * removed the entry it needed of a key it had not reached yet (the bucket keeps fewer revisions of that key than
 * were written meanwhile), and returning the key's newer entry could show part of a transaction. Nothing is wrong
 * with the bucket: reading again usually succeeds, and repositories do so on their own a few times. A bucket that
 * keeps more history (two revisions or more) makes it rare.
 */
public class KvScanConflictException extends TransientDataAccessException {

	/** The bucket scanned. */
	private final String bucket;

	/** The key whose entry as of the scan's start was gone. */
	private final String key;

	/** The key's newer revision the scan found. */
	private final long revision;

	/**
	 * Creates an exception.
	 * @param bucket the bucket scanned
	 * @param key the key whose entry at the scan's start was gone
	 * @param revision the key's newer revision the scan found instead
	 * @param snapshot the revision the scan reads the bucket as of
	 */
	public KvScanConflictException(String bucket, String key, long revision, long snapshot) {
		this("Scan of bucket '" + bucket + "' as of revision " + snapshot + " met key '" + KvMessages.cut(key)
				+ "' at revision " + revision + ": its entry as of the scan's start was removed by a write during the "
				+ "scan, and its newer one may belong to a transaction the rest of the scan does not show; read again "
				+ "(a bucket with history of 2 or more makes this rare)", bucket, key, revision);
	}

	/**
	 * Creates an exception for another read of a bucket as of one moment (a query through an index, say).
	 * @param message what happened, naming the bucket and key
	 * @param bucket the bucket read
	 * @param key the key met at a newer revision
	 * @param revision that revision
	 */
	public KvScanConflictException(String message, String bucket, String key, long revision) {
		super(message);
		this.bucket = bucket;
		this.key = key;
		this.revision = revision;
	}

	/**
	 * The bucket scanned.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The key whose entry as of the scan's start was gone.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * The key's newer revision the scan found.
	 * @return the revision
	 */
	public long getRevision() {
		return this.revision;
	}

}
