package io.github.kvspring.data.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a group's durable consumer hands entries to the one active member of the group.
 *
 * @param failoverTimeout how long the server waits for the active member's next pull before it lets another member
 * take over (the consumer's {@code priority_timeout}); a member that stops cleanly hands over at once
 * @param ackWait how long an entry may stay unacknowledged before the server sends it again; the active member
 * reports progress on the entries it holds every third of it, so a slow method is never overtaken
 * @param maxAckPending how many entries the server hands out before it waits for acknowledgements
 */
public record KvGroupSettings(Duration failoverTimeout, Duration ackWait, int maxAckPending) {

	private static final KvGroupSettings DEFAULTS = new KvGroupSettings(Duration.ofSeconds(5), Duration.ofSeconds(30),
			256);

	/**
	 * Checks the settings.
	 * @param failoverTimeout the failover timeout, at least 1 s
	 * @param ackWait the acknowledgement wait, at least 1 s
	 * @param maxAckPending the entries handed out at most, at least 1
	 */
	public KvGroupSettings {
		Assert.isTrue(failoverTimeout.compareTo(Duration.ofSeconds(1)) >= 0,
				() -> "'failoverTimeout' must be at least 1 s but was " + failoverTimeout);
		Assert.isTrue(ackWait.compareTo(Duration.ofSeconds(1)) >= 0,
				() -> "'ackWait' must be at least 1 s but was " + ackWait);
		Assert.isTrue(maxAckPending >= 1, () -> "'maxAckPending' must be at least 1 but was " + maxAckPending);
	}

	/**
	 * The defaults: failover after 5 s, entries sent again after 30 s without progress, 256 in flight.
	 * @return the default settings
	 */
	public static KvGroupSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * These settings with another failover timeout.
	 * @param failoverTimeout the failover timeout
	 * @return new settings
	 */
	public KvGroupSettings withFailoverTimeout(Duration failoverTimeout) {
		return new KvGroupSettings(failoverTimeout, this.ackWait, this.maxAckPending);
	}

}
