package io.github.kvspring.data.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

import io.nats.client.Connection;

/**
 * The entries a group member holds unacknowledged, by revision, and what it tells the server about them: done
 * ({@code +ACK}), still working ({@code +WPI}), or given back ({@code -NAK}, when the member leaves). The reader adds
 * and acknowledges; the keeper reports progress from its own thread.
 */
final class KvGroupAcks {

	private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] IN_PROGRESS = "+WPI".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NAK = "-NAK".getBytes(StandardCharsets.US_ASCII);

	private final Connection connection;

	/** Entries received and not yet acknowledged: revision to reply subject. */
	private final ConcurrentSkipListMap<Long, String> outstanding = new ConcurrentSkipListMap<>();

	KvGroupAcks(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Holds an entry until it is acknowledged.
	 */
	void hold(long revision, String reply) {
		this.outstanding.put(revision, reply);
	}

	/**
	 * Acknowledges a delivery this member does not hand on.
	 */
	void acknowledge(String reply) {
		publish(reply, ACK);
	}

	/**
	 * Acknowledges the held entries of a change.
	 */
	void acknowledge(List<KvEntry<byte[]>> change) {
		for (KvEntry<byte[]> entry : change) {
			String reply = this.outstanding.remove(entry.revision());
			if (reply != null) {
				publish(reply, ACK);
			}
		}
	}

	/**
	 * Tells the server the held entries are still being worked on, so that it does not send them again.
	 */
	void progress() {
		this.outstanding.values().forEach((reply) -> publish(reply, IN_PROGRESS));
	}

	/**
	 * Gives the held entries back, in revision order, so that the server sends them to the next active member now
	 * rather than after the acknowledgement wait; forgets them.
	 */
	void giveBack() {
		this.outstanding.values().forEach((reply) -> publish(reply, NAK));
		this.outstanding.clear();
	}

	/**
	 * Forgets the held entries: the server sends them again after their acknowledgement wait, or a rewind does.
	 */
	void forget() {
		this.outstanding.clear();
	}

	private void publish(String subject, byte[] body) {
		try {
			this.connection.publish(subject, body);
		}
		catch (IllegalStateException ex) {
			// Closed: the entry is delivered again, to whichever member is active then.
		}
	}

}
