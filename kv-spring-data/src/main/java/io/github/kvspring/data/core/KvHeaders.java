package io.github.kvspring.data.core;

import java.security.SecureRandom;
import java.util.Base64;

import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

/**
 * The headers a KV entry carries and what they say about its operation.
 */
final class KvHeaders {

	static final String OPERATION = NatsJetStreamConstants.KV_OPERATION_HEADER_KEY;

	static final String MARKER_REASON = NatsJetStreamConstants.NATS_MARKER_REASON_HDR;

	static final String TTL = NatsJetStreamConstants.MSG_TTL_HDR;

	static final String EXPECTED_LAST_SUBJECT_SEQUENCE = NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR;

	static final String ROLLUP = NatsJetStreamConstants.ROLLUP_HDR;

	static final String MESSAGE_ID = NatsJetStreamConstants.MSG_ID_HDR;

	private static final SecureRandom RANDOM = new SecureRandom();

	private KvHeaders() {
	}

	/**
	 * The operation an entry records: the {@code KV-Operation} header a client wrote, else the reason of a
	 * marker the server wrote ({@code MaxAge} is an expiry, which jnats reports as a purge), else a put.
	 */
	static KvOperation operation(@Nullable Headers headers) {
		if (headers == null) {
			return KvOperation.PUT;
		}
		String operation = headers.getFirst(OPERATION);
		if (operation != null) {
			return switch (operation) {
				case "DEL" -> KvOperation.DELETE;
				case "PURGE" -> KvOperation.PURGE;
				default -> KvOperation.PUT;
			};
		}
		String reason = headers.getFirst(MARKER_REASON);
		if (reason != null) {
			return switch (reason) {
				case "MaxAge" -> KvOperation.EXPIRED;
				case "Remove" -> KvOperation.DELETE;
				default -> KvOperation.PURGE;
			};
		}
		return KvOperation.PUT;
	}

	/**
	 * Headers for a write: the operation marker (for deletes and purges), the expected revision and a TTL.
	 */
	static @Nullable Headers forWrite(KvOperation operation, @Nullable Long expectedRevision, @Nullable String ttl) {
		if (operation == KvOperation.PUT && expectedRevision == null && ttl == null) {
			return null;
		}
		Headers headers = new Headers();
		if (operation == KvOperation.DELETE) {
			headers.put(OPERATION, "DEL");
		}
		else if (operation == KvOperation.PURGE) {
			headers.put(OPERATION, "PURGE");
			headers.put(ROLLUP, NatsJetStreamConstants.ROLLUP_HDR_SUBJECT);
		}
		if (expectedRevision != null) {
			headers.put(EXPECTED_LAST_SUBJECT_SEQUENCE, Long.toString(expectedRevision));
		}
		if (ttl != null) {
			headers.put(TTL, ttl);
		}
		return headers;
	}

	/**
	 * A random id: 128 bits, so that ids never meet another writer's within the stream's duplicate window.
	 */
	static String randomId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A prefix for the message ids of one batch of writes.
	 */
	static String newMessageIdPrefix() {
		return randomId() + ".";
	}

	/**
	 * A copy of a write's headers with a message id: the server applies a message with an id it has seen
	 * within the stream's duplicate window (two minutes for a KV bucket) only once, and answers a resend with
	 * the first one's sequence, so a write that got no answer can be sent again safely.
	 */
	static Headers withMessageId(@Nullable Headers headers, String messageId) {
		Headers copy = (headers != null) ? new Headers(headers) : new Headers();
		copy.put(MESSAGE_ID, messageId);
		return copy;
	}

}
