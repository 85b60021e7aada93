package io.github.kvspring.data.core;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.JetStreamApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * The one place where jnats failures become Spring {@link DataAccessException}s, by API error code (never by
 * message text, except where the server has no distinct code), with the jnats exception as the cause.
 */
final class KvExceptionTranslator {

	static final int WRONG_LAST_SEQUENCE = 10071;

	static final int SEQUENCE_TEMPORARILY_UNKNOWN = 10164;

	static final int MESSAGE_SIZE_EXCEEDS_MAXIMUM = 10054;

	static final int STORE_FAILED = 10077;

	static final int INVALID_MESSAGE_TTL = 10165;

	static final int MESSAGE_TTL_DISABLED = 10166;

	static final int STREAM_NOT_FOUND = 10059;

	static final int STREAM_NAME_EXISTS_WITH_OTHER_CONFIG = 10058;

	static final int NO_MESSAGE_FOUND = 10037;

	private static final Pattern LAST_SEQUENCE = Pattern.compile("wrong last sequence: (\\d+)");

	private KvExceptionTranslator() {
	}

	/**
	 * What was being done when a failure happened: it decides, for example, whether a sequence conflict is a
	 * duplicate key (create) or a stale revision (update, delete, purge at a revision).
	 *
	 * @param bucket the bucket
	 * @param key the key, if the call had one
	 * @param kind the kind of call
	 * @param expectedRevision the revision a conditional write expected
	 */
	record Call(String bucket, @Nullable String key, Kind kind, long expectedRevision) {

		static Call read(String bucket, @Nullable String key) {
			return new Call(bucket, key, Kind.READ, 0);
		}

		static Call write(String bucket, String key) {
			return new Call(bucket, key, Kind.WRITE, 0);
		}

		static Call create(String bucket, String key) {
			return new Call(bucket, key, Kind.CREATE, 0);
		}

		static Call conditional(String bucket, String key, long expectedRevision) {
			return new Call(bucket, key, Kind.CONDITIONAL_WRITE, expectedRevision);
		}

		static Call admin(String bucket) {
			return new Call(bucket, null, Kind.ADMIN, 0);
		}

		boolean isWrite() {
			return this.kind != Kind.READ && this.kind != Kind.ADMIN;
		}

		String describe() {
			return (this.key != null) ? "key '" + this.key + "' in bucket '" + this.bucket + "'"
					: "bucket '" + this.bucket + "'";
		}

	}

	enum Kind {

		READ, WRITE, CREATE, CONDITIONAL_WRITE, ADMIN

	}

	static DataAccessException translate(Throwable failure, Call call) {
		Throwable ex = unwrap(failure);
		if (ex instanceof DataAccessException dataAccess) {
			return dataAccess;
		}
		if (ex instanceof JetStreamApiException api) {
			return translateApi(api, call);
		}
		if (ex instanceof KvRequestFailure request) {
			return switch (request.kind()) {
				case TIMEOUT -> call.isWrite() ? new KvWriteOutcomeUnknownException(call.bucket(), requireKey(call), ex)
						: new QueryTimeoutException("No answer in time reading " + call.describe(), ex);
				case NO_RESPONDERS -> new TransientDataAccessResourceException("No JetStream server answered for "
						+ call.describe() + " (no stream leader, e.g. during an election); nothing was applied", ex);
				case CONNECTION_CLOSED -> new DataAccessResourceFailureException(
						"The NATS connection is closed; cannot access " + call.describe(), ex);
				case PERMISSION_DENIED -> permissionDenied(call, ex.getMessage(), ex);
			};
		}
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return new DataAccessResourceFailureException("Interrupted while accessing " + call.describe(), ex);
		}
		if (ex instanceof IllegalStateException && isClosingOrClosed(ex.getMessage())) {
			return new DataAccessResourceFailureException(
					"The NATS connection is closed or draining; cannot access " + call.describe(), ex);
		}
		if (ex instanceof IOException) {
			return new DataAccessResourceFailureException("I/O failure accessing " + call.describe(), ex);
		}
		return new UncategorizedKvException("Unexpected failure accessing " + call.describe() + ": " + ex, ex);
	}

	/**
	 * As {@link #translate(Throwable, Call)}, first checking whether a permissions violation on one of the call's
	 * bucket's subjects arrived while the call ran: jnats' own JetStream calls (consumer creation for watches and
	 * scans, stream info) only time out when refused.
	 * @param failure the failure
	 * @param call what was being done
	 * @param mark the connection's error state taken before the call started
	 */
	static DataAccessException translate(Throwable failure, Call call, KvPermissionViolations.Mark mark) {
		String violation = mark.onBucket(call.bucket());
		return (violation != null && !(failure instanceof DataAccessException))
				? permissionDenied(call, violation, failure) : translate(failure, call);
	}

	private static DataAccessException permissionDenied(Call call, @Nullable String violation, Throwable cause) {
		return new PermissionDeniedDataAccessException("Permission denied on " + call.describe()
				+ " for this connection's user (" + violation + "); grant the user the bucket's subjects", cause);
	}

	private static DataAccessException translateApi(JetStreamApiException ex, Call call) {
		int code = ex.getApiErrorCode();
		if (code == WRONG_LAST_SEQUENCE || code == SEQUENCE_TEMPORARILY_UNKNOWN) {
			if (call.kind() == Kind.CREATE) {
				return new KvKeyExistsException(call.bucket(), requireKey(call), ex);
			}
			if (call.kind() == Kind.CONDITIONAL_WRITE) {
				return new KvRevisionMismatchException(call.bucket(), requireKey(call), call.expectedRevision(),
						currentRevision(ex), ex);
			}
		}
		if (code == MESSAGE_SIZE_EXCEEDS_MAXIMUM && call.key() != null) {
			return new KvLimitExceededException(call.bucket(), call.key(), KvLimitExceededException.Limit.MAX_VALUE_SIZE,
					ex.getErrorDescription(), ex);
		}
		if (code == STORE_FAILED) {
			// The server has one code for every store failure; a full bucket says so only in words.
			if (call.key() != null && ex.getErrorDescription() != null
					&& ex.getErrorDescription().contains("maximum bytes exceeded")) {
				return new KvLimitExceededException(call.bucket(), call.key(),
						KvLimitExceededException.Limit.MAX_BUCKET_SIZE, ex.getErrorDescription(), ex);
			}
			return new DataAccessResourceFailureException(
					"The server could not store " + call.describe() + ": " + ex.getErrorDescription(), ex);
		}
		if (code == INVALID_MESSAGE_TTL) {
			return new InvalidDataAccessApiUsageException(
					"The server refused the TTL for " + call.describe() + ": " + ex.getErrorDescription(), ex);
		}
		if (code == MESSAGE_TTL_DISABLED) {
			return new InvalidDataAccessApiUsageException("Bucket '" + call.bucket()
					+ "' does not allow per-key TTL: define it with a limit marker TTL (nothing was written)", ex);
		}
		if (code == STREAM_NOT_FOUND) {
			return new KvBucketNotFoundException(call.bucket(), ex);
		}
		return new UncategorizedKvException(
				"NATS refused the call on " + call.describe() + ": " + ex.getErrorDescription() + " [" + code + "]", ex);
	}

	/**
	 * The current revision a sequence conflict reported, from the failure or its cause.
	 * @param failure a translated conflict, such as a {@link KvKeyExistsException}
	 * @return the revision, or {@code null} if the failure tells none
	 */
	static @Nullable Long currentRevision(@Nullable Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof JetStreamApiException api) {
				return currentRevision(api);
			}
		}
		return null;
	}

	private static @Nullable Long currentRevision(JetStreamApiException ex) {
		String description = ex.getErrorDescription();
		if (description == null) {
			return null;
		}
		Matcher matcher = LAST_SEQUENCE.matcher(description);
		return matcher.find() ? Long.valueOf(matcher.group(1)) : null;
	}

	/**
	 * Whether jnats' words say that the connection is closed or draining ("Connection is Closed", "Connection is
	 * Draining"): it has no other sign of it on its exceptions.
	 */
	static boolean isClosingOrClosed(@Nullable String message) {
		String words = (message != null) ? message.toLowerCase(java.util.Locale.ROOT) : "";
		return words.contains("closed") || words.contains("draining");
	}

	private static String requireKey(Call call) {
		String key = call.key();
		return (key != null) ? key : "";
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof ExecutionException || current instanceof CompletionException
				|| (current instanceof RuntimeException && current.getClass() == RuntimeException.class)
				|| (current instanceof IOException && current.getCause() instanceof JetStreamApiException))
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
