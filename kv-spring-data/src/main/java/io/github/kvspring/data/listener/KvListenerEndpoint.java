package io.github.kvspring.data.listener;

import java.util.List;

import io.github.kvspring.data.core.KvGroups;
import io.github.kvspring.data.core.KvKeys;
import io.github.kvspring.data.core.KvWatchOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a listener watches and what it does with each entry; built from a {@link KvListener} method or
 * programmatically and registered with the {@link KvListenerEndpointRegistry}.
 *
 * @param id the listener's id, unique in the registry
 * @param bucket the bucket
 * @param filters key patterns
 * @param options where the watch starts and what it delivers
 * @param concurrency how many threads handle entries (keys partitioned across them)
 * @param autoStartup whether the listener starts with the registry
 * @param handler what to do with each entry
 * @param group the group whose members share the listener's changes (each change handled by one member, in order,
 * resumed across restarts), or {@code null} for a listener of this instance alone
 */
public record KvListenerEndpoint(String id, String bucket, List<String> filters, KvWatchOptions options,
		int concurrency, boolean autoStartup, KvEntryHandler handler, @Nullable String group) {

	/**
	 * Checks the endpoint.
	 * @param id the id
	 * @param bucket the bucket
	 * @param filters the key patterns
	 * @param options the watch options
	 * @param concurrency the concurrency
	 * @param autoStartup whether to start with the registry
	 * @param handler the handler
	 * @param group the group, or {@code null}
	 */
	public KvListenerEndpoint {
		Assert.hasText(id, "'id' must not be empty");
		KvKeys.requireValidBucketName(bucket);
		Assert.notEmpty(filters, () -> "Listener '" + id + "' must watch at least one key pattern");
		filters.forEach(KvKeys::requireValidFilter);
		filters = List.copyOf(filters);
		Assert.isTrue(concurrency >= 1, () -> "Listener '" + id + "': concurrency must be at least 1 but was "
				+ concurrency);
		if (group != null) {
			KvGroups.requireValidGroup(group);
			Assert.isTrue(concurrency == 1, () -> "Listener '" + id + "' on bucket '" + bucket + "' in group '" + group
					+ "': concurrency must be 1 for a group listener (one member handles the group's changes, in order)"
					+ " but was " + concurrency);
		}
	}

	/**
	 * An endpoint of this instance alone.
	 * @param id the id
	 * @param bucket the bucket
	 * @param filters the key patterns
	 * @param options the watch options
	 * @param concurrency the concurrency
	 * @param autoStartup whether to start with the registry
	 * @param handler the handler
	 */
	public KvListenerEndpoint(String id, String bucket, List<String> filters, KvWatchOptions options, int concurrency,
			boolean autoStartup, KvEntryHandler handler) {
		this(id, bucket, filters, options, concurrency, autoStartup, handler, null);
	}

	/**
	 * This endpoint as a member of a group: its changes are shared by every member of the group, each handled by
	 * one of them.
	 * @param group the group's name (1 to 32 letters, digits, {@code _} or {@code -})
	 * @return a new endpoint
	 */
	public KvListenerEndpoint withGroup(String group) {
		return new KvListenerEndpoint(this.id, this.bucket, this.filters, this.options, this.concurrency,
				this.autoStartup, this.handler, group);
	}

	/**
	 * An endpoint watching the whole bucket (or the given patterns) with default options, one thread, started
	 * with the registry.
	 * @param id the id
	 * @param bucket the bucket
	 * @param handler the handler
	 * @param filters key patterns; every key when none
	 * @return the endpoint
	 */
	public static KvListenerEndpoint of(String id, String bucket, KvEntryHandler handler, String... filters) {
		return new KvListenerEndpoint(id, bucket, (filters.length == 0) ? List.of(">") : List.of(filters),
				KvWatchOptions.defaults(), 1, true, handler);
	}

}
