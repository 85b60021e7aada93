package io.github.kvspring.data.cache;

import java.time.Duration;
import java.time.Instant;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.core.KvEntry;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.NullValue;

/**
 * One cache's values and their time to live: values as stored bytes and back (a cached {@code null} is an empty
 * value), conversion failures naming the cache, the key and where it is stored, and each entry's TTL and expiry.
 */
final class KvCacheValues {

	private static final byte[] NULL_VALUE = new byte[0];

	private final String cacheName;

	private final String bucket;

	private final KvCacheConfiguration configuration;

	/** The bucket's own TTL (max age), which writes with the same TTL need not repeat. */
	private final @Nullable Duration bucketTtl;

	KvCacheValues(String cacheName, String bucket, KvCacheConfiguration configuration, @Nullable Duration bucketTtl) {
		this.cacheName = cacheName;
		this.bucket = bucket;
		this.configuration = configuration;
		this.bucketTtl = bucketTtl;
	}

	byte[] encode(Object key, String kvKey, Object stored) {
		if (stored == NullValue.INSTANCE) {
			return NULL_VALUE;
		}
		try {
			return this.configuration.getValueConverter().write(stored);
		}
		catch (RuntimeException ex) {
			throw new KvValueConversionException("Cache '" + this.cacheName + "' cannot write the value for key "
					+ describe(key) + " (KV key '" + kvKey + "' in bucket '" + this.bucket + "'): " + ex.getMessage()
					+ "; nothing was written", ex);
		}
	}

	/**
	 * The stored value of an entry, Spring's {@link NullValue} for an empty one ({@code null} where nulls are not
	 * cached: a miss).
	 */
	@Nullable Object decode(Object key, String kvKey, KvEntry<byte[]> entry) {
		byte[] data = entry.requiredValue();
		if (data.length == 0) {
			return this.configuration.getAllowCacheNullValues() ? NullValue.INSTANCE : null;
		}
		try {
			return this.configuration.getValueConverter().read(data, Object.class);
		}
		catch (RuntimeException ex) {
			throw new KvValueConversionException("Cache '" + this.cacheName + "' cannot read the value of key "
					+ describe(key) + " (KV key '" + kvKey + "' at revision " + entry.revision() + " in bucket '"
					+ this.bucket + "'): " + ex.getMessage(), ex);
		}
	}

	/**
	 * The TTL a write must carry: the entry's own, unless the bucket's TTL is the same.
	 */
	@Nullable Duration ttlToSend(Object key, Object stored) {
		Duration ttl = ttl(key, stored);
		return (ttl != null && !ttl.equals(this.bucketTtl)) ? ttl : null;
	}

	/**
	 * When a value written or read at the given time expires, 0 for never: its own TTL, else the bucket's.
	 */
	long expiresAt(Instant written, Object key, Object stored) {
		Duration ttl = ttl(key, stored);
		Duration effective = (ttl != null) ? ttl : this.bucketTtl;
		return (effective != null) ? written.plus(effective).toEpochMilli() : 0;
	}

	private @Nullable Duration ttl(Object key, Object stored) {
		Duration ttl = this.configuration.getTtlFunction().getTimeToLive(key, valueOf(stored));
		if (ttl == null || ttl.isZero()) {
			return null;
		}
		if (ttl.isNegative()) {
			throw new IllegalArgumentException("Cache '" + this.cacheName + "': the TTL function gave " + ttl
					+ " for key " + describe(key) + "; a TTL must not be negative (zero or null for none)");
		}
		return ttl;
	}

	/**
	 * The value of a stored value: {@code null} for Spring's {@link NullValue}.
	 */
	static @Nullable Object valueOf(Object stored) {
		return (stored == NullValue.INSTANCE) ? null : stored;
	}

	private static String describe(Object key) {
		String text = String.valueOf(key);
		return "'" + ((text.length() <= 100) ? text : text.substring(0, 100) + "… (" + text.length() + " characters)")
				+ "'";
	}

}
