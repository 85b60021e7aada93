package io.github.kvspring.data.listener;

import java.time.Instant;

import io.github.kvspring.data.core.KvOperation;
import org.jspecify.annotations.Nullable;

/**
 * What {@link KvDeadLetterBucket} stores for an entry a group listener gave up on, under the entry's key: where the
 * entry came from, its value as it was, and why it failed. Read it back with the template that wrote it, e.g.
 * {@code template.get("orders-dlq", key, KvDeadLetter.class)}; with the default converter it is JSON, the value in
 * Base64.
 *
 * @param listener the listener's id
 * @param group the listener's group
 * @param bucket the bucket the entry came from
 * @param key the entry's key
 * @param revision the entry's revision in that bucket
 * @param operation what the entry recorded ({@code PUT}, {@code DELETE} or {@code PURGE})
 * @param value the entry's value as stored, or {@code null} for a marker
 * @param attempts how many times the method was called with it
 * @param exception the class name of the last attempt's exception
 * @param message that exception's message, or {@code null}
 * @param failedAt when the listener gave up
 */
public record KvDeadLetter(String listener, @Nullable String group, String bucket, String key, long revision,
		KvOperation operation, byte @Nullable [] value, int attempts, String exception, @Nullable String message,
		Instant failedAt) {

}
