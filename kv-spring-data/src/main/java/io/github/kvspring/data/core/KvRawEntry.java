package io.github.kvspring.data.core;

import java.time.Instant;

import io.nats.client.Message;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * An entry as it came off the wire, before value conversion.
 *
 * @param key the key
 * @param revision the stream sequence
 * @param created the server's timestamp
 * @param delta how many newer matching entries were pending (scans and watches), else 0
 * @param operation the operation, expiry markers included
 * @param data the value bytes; empty for markers and meta-only reads
 */
record KvRawEntry(String key, long revision, Instant created, long delta, KvOperation operation, byte[] data) {

	private static final byte[] EMPTY = new byte[0];

	static KvRawEntry of(String bucket, MessageInfo info) {
		return new KvRawEntry(KvSubjects.key(bucket, info.getSubject()), info.getSeq(), info.getTime().toInstant(), 0,
				KvHeaders.operation(info.getHeaders()), data(info.getData()));
	}

	static KvRawEntry of(String bucket, Message message) {
		return of(bucket, message, KvAckSubject.parse(message.getReplyTo()));
	}

	static KvRawEntry of(String bucket, Message message, KvAckSubject ack) {
		Headers headers = message.hasHeaders() ? message.getHeaders() : null;
		return new KvRawEntry(KvSubjects.key(bucket, message.getSubject()), ack.streamSequence(), ack.timestamp(),
				ack.pending(), KvHeaders.operation(headers), data(message.getData()));
	}

	private static byte[] data(byte @Nullable [] data) {
		return (data != null) ? data : EMPTY;
	}

}
