package io.github.kvspring.data.core;

/**
 * A request that got no usable answer, classified so that callers can tell what is safe to retry.
 */
final class KvRequestFailure extends Exception {

	private static final long serialVersionUID = 1L;

	/**
	 * Why the request failed.
	 */
	enum Kind {

		/**
		 * Nobody answered the subject at once (503): for a stream, no leader yet or no stream. Nothing was
		 * applied, so a retry is safe.
		 */
		NO_RESPONDERS,

		/**
		 * No answer in time: the request may or may not have been applied.
		 */
		TIMEOUT,

		/**
		 * The connection is closing or closed.
		 */
		CONNECTION_CLOSED,

		/**
		 * The server refused the subject to this user (a permissions violation, reported asynchronously).
		 */
		PERMISSION_DENIED

	}

	/** Why the request failed. */
	private final Kind kind;

	KvRequestFailure(Kind kind, String subject) {
		this(kind, subject, describe(kind));
	}

	KvRequestFailure(Kind kind, String subject, String detail) {
		super(detail + " (subject " + subject + ")", null, false, false);
		this.kind = kind;
	}

	Kind kind() {
		return this.kind;
	}

	private static String describe(Kind kind) {
		return switch (kind) {
			case NO_RESPONDERS -> "No responders";
			case TIMEOUT -> "No answer in time";
			case CONNECTION_CLOSED -> "Connection closed";
			case PERMISSION_DENIED -> "Permission denied";
		};
	}

}
