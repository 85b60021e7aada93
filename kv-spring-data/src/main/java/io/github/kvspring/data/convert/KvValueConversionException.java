package io.github.kvspring.data.convert;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.TypeMismatchDataAccessException;

/**
 * A value that could not be converted to or from the bytes of a KV entry. One made by
 * {@link #reading(String, String, long, Class, Throwable)} also tells where the value is stored, so that a
 * {@link KvConversionFailureHandler} can report it.
 */
public class KvValueConversionException extends TypeMismatchDataAccessException {

	private static final long serialVersionUID = 1L;

	/** The bucket of the stored value, if the exception names one. */
	private final @Nullable String bucket;

	/** The key of the stored value, if the exception names one. */
	private final @Nullable String key;

	/** The revision of the stored value, 0 if the exception names none. */
	private final long revision;

	/**
	 * Creates an exception with a message and the converter's failure.
	 * @param message what could not be converted, and to what
	 * @param cause the converter's failure
	 */
	public KvValueConversionException(String message, Throwable cause) {
		this(message, cause, null, null, 0);
	}

	private KvValueConversionException(String message, @Nullable Throwable cause, @Nullable String bucket,
			@Nullable String key, long revision) {
		super(message, cause);
		this.bucket = bucket;
		this.key = key;
		this.revision = revision;
	}

	/**
	 * A stored value that could not be read, naming where it is stored.
	 * @param bucket the bucket
	 * @param key the key
	 * @param revision the revision of the value
	 * @param type the type it was read as
	 * @param cause the converter's failure
	 * @return the exception
	 */
	public static KvValueConversionException reading(String bucket, String key, long revision, Class<?> type,
			Throwable cause) {
		return new KvValueConversionException("Value of key '" + key + "' at revision " + revision + " in bucket '"
				+ bucket + "' cannot be read as " + type.getName() + ": " + cause.getMessage(), cause, bucket, key,
				revision);
	}

	/**
	 * Creates an exception with a message.
	 * @param message what could not be converted, and to what
	 */
	public KvValueConversionException(String message) {
		this(message, null, null, null, 0);
	}

	/**
	 * The bucket of the value that could not be read.
	 * @return the bucket, or {@code null} when the exception does not name a stored value
	 */
	public @Nullable String getBucket() {
		return this.bucket;
	}

	/**
	 * The key of the value that could not be read.
	 * @return the key, or {@code null} when the exception does not name a stored value
	 */
	public @Nullable String getKey() {
		return this.key;
	}

	/**
	 * The revision of the value that could not be read.
	 * @return the revision, or 0 when the exception does not name a stored value
	 */
	public long getRevision() {
		return this.revision;
	}

}
