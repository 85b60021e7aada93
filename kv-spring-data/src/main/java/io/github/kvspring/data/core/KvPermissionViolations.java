package io.github.kvspring.data.core;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether a call was refused for lack of permission. The server reports a permissions violation only as an
 * asynchronous {@code -ERR} that names the refused subject, and jnats keeps it as the connection's last error for
 * the rest of the connection's life. So a violation counts for a call only if it arrived while the call ran (the
 * connection's last error changed since the call's {@link Mark}) and the subject it names is the call's subject,
 * or one of the bucket's subjects, compared token by token ({@code KV_orders} is not {@code KV_orders_v2}).
 */
final class KvPermissionViolations {

	private static final Pattern VIOLATION = Pattern.compile("Permissions Violation for (?:Publish|Subscription) to \"([^\"]+)\"");

	private KvPermissionViolations() {
	}

	/**
	 * The connection's error state now, to be taken before a call is sent.
	 * @param connection the connection
	 * @return the mark
	 */
	static Mark mark(Connection connection) {
		return new Mark(connection, connection.getLastError());
	}

	/**
	 * The subject a permissions violation names, if the text is one.
	 * @param error a server error text
	 * @return the refused subject, or {@code null}
	 */
	static @Nullable String refusedSubject(@Nullable String error) {
		if (error == null) {
			return null;
		}
		Matcher matcher = VIOLATION.matcher(error);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * Whether a subject is one of a bucket's: a key subject {@code $KV.<bucket>.…}, or a JetStream API or flow
	 * control subject naming the stream {@code KV_<bucket>} as a whole token.
	 * @param subject a subject
	 * @param bucket the bucket
	 * @return whether it belongs to the bucket
	 */
	static boolean isBucketSubject(String subject, String bucket) {
		List<String> tokens = Arrays.asList(subject.split("\\.", -1));
		String stream = KvSubjects.stream(bucket);
		for (int i = 0; i < tokens.size(); i++) {
			if (tokens.get(i).equals(stream)
					|| (tokens.get(i).equals("$KV") && i + 1 < tokens.size() && tokens.get(i + 1).equals(bucket))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The connection's error state when a call started.
	 *
	 * @param connection the connection
	 * @param lastError its last error then, compared by identity: jnats stores a new string for every
	 * {@code -ERR} (also one with the same text as before), so a different object is a newer error. (Its error
	 * count in the statistics tells no more, and a user's own statistics collector may not keep it.)
	 */
	record Mark(Connection connection, @Nullable String lastError) {

		/**
		 * A violation that arrived since this mark and names exactly the given subject.
		 * @param subject the call's subject
		 * @return the server's words, or {@code null}
		 */
		@Nullable String onSubject(String subject) {
			return since(subject::equals);
		}

		/**
		 * A violation that arrived since this mark and names one of the bucket's subjects.
		 * @param bucket the bucket
		 * @return the server's words, or {@code null}
		 */
		@Nullable String onBucket(String bucket) {
			return since((refused) -> isBucketSubject(refused, bucket));
		}

		@SuppressWarnings("ReferenceEquality")
		private @Nullable String since(Predicate<String> names) {
			String error = this.connection.getLastError();
			String refused = (error != this.lastError) ? refusedSubject(error) : null;
			return (refused != null && names.test(refused)) ? error : null;
		}

	}

}
