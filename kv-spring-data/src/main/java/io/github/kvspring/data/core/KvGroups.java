package io.github.kvspring.data.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;

import org.springframework.util.Assert;

/**
 * Opens {@link KvGroupCursor}s: the members' views of a group's durable consumer. The consumer is named from the
 * group, the bucket and the sorted key patterns ({@code kvgroup_<group>_<hash>}), so every member of the group in
 * every deployment finds the same one; it acknowledges explicitly, and hands entries to one pinned member at a time
 * (JetStream's pinned-client priority policy, nats-server 2.11 or newer; rewinding needs 2.14 or newer).
 */
public final class KvGroups {

	/** The consumer's one priority group, named in every pull. */
	static final String PRIORITY_GROUP = "kv";

	private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private final JetStreamRequests requests;

	/**
	 * Creates an opener on a connection.
	 * @param connection the connection
	 * @param jetStreamOptions its JetStream options (API prefix or domain)
	 */
	public KvGroups(Connection connection, JetStreamOptions jetStreamOptions) {
		this.requests = new JetStreamRequests(connection, jetStreamOptions);
	}

	/**
	 * Creates the group's consumer if it does not exist (starting as the options say) and opens a cursor on it.
	 * @param bucket the bucket
	 * @param filters the key patterns
	 * @param group the group's name
	 * @param options where a new group starts, and whether deletes or values are left out
	 * @param settings the failover timeout, acknowledgement wait and entries in flight
	 * @return the cursor; not active until the server picks this member
	 * @throws org.springframework.dao.DataAccessException if the consumer cannot be created or updated
	 */
	public KvGroupCursor open(String bucket, List<String> filters, String group, KvWatchOptions options,
			KvGroupSettings settings) {
		KvKeys.requireValidBucketName(bucket);
		Assert.notEmpty(filters, "'filters' must not be empty");
		filters.forEach(KvKeys::requireValidFilter);
		requireValidGroup(group);
		String name = consumerName(bucket, filters, group);
		KvPermissionViolations.Mark mark = this.requests.mark();
		try {
			this.requests.management().addOrUpdateConsumer(KvSubjects.stream(bucket),
					configuration(bucket, filters, name, options, settings));
			return new KvGroupConsumer(this.requests, this.requests.management(), bucket, filters, name, options,
					settings);
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, null), mark);
		}
	}

	private static ConsumerConfiguration configuration(String bucket, List<String> filters, String name,
			KvWatchOptions options, KvGroupSettings settings) {
		ConsumerConfiguration.Builder configuration = ConsumerConfiguration.builder()
			.durable(name)
			.ackPolicy(AckPolicy.Explicit)
			.ackWait(settings.ackWait())
			.maxAckPending(settings.maxAckPending())
			.headersOnly(options.metaOnly())
			.filterSubjects(filters.stream().map((filter) -> KvSubjects.subject(bucket, filter)).toList())
			.priorityPolicy(PriorityPolicy.PinnedClient)
			.priorityGroups(PRIORITY_GROUP)
			.priorityTimeout(settings.failoverTimeout());
		if (options.fromRevision() > 0) {
			configuration.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(options.fromRevision());
		}
		else if (options.includeHistory()) {
			configuration.deliverPolicy(DeliverPolicy.All);
		}
		else if (options.updatesOnly()) {
			configuration.deliverPolicy(DeliverPolicy.New);
		}
		else {
			configuration.deliverPolicy(DeliverPolicy.LastPerSubject);
		}
		return configuration.build();
	}

	/**
	 * The name of a group's durable consumer: {@code kvgroup_<group>_<first 12 hex digits of the SHA-256 of the
	 * bucket and the sorted, distinct key patterns>}.
	 * @param bucket the bucket
	 * @param filters the key patterns
	 * @param group the group's name
	 * @return the consumer name
	 */
	public static String consumerName(String bucket, List<String> filters, String group) {
		requireValidGroup(group);
		String identity = bucket + "\n" + String.join("\n", filters.stream().distinct().sorted().toList());
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			return "kvgroup_" + group + "_" + HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Checks a group's name: 1 to 32 letters, digits, {@code _} or {@code -}, so that the consumer's name is valid.
	 * @param group the group's name
	 * @throws IllegalArgumentException if it is not valid
	 */
	public static void requireValidGroup(String group) {
		if (!GROUP.matcher(group).matches()) {
			throw new IllegalArgumentException("Group '" + group
					+ "' is not a valid group name: use 1 to 32 letters, digits, '_' or '-'");
		}
	}

}
