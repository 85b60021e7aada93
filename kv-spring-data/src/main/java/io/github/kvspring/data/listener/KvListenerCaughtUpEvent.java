package io.github.kvspring.data.listener;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per start of a listener, when it has received every entry that existed when it started (at
 * once for an empty bucket, no matching key, or an updates-only listener), so that an application can wait for
 * a warm cache.
 */
public class KvListenerCaughtUpEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/** The listener's id. */
	private final String listenerId;

	/** The bucket. */
	private final String bucket;

	/** The revision of the last entry received, or 0. */
	private final long revision;

	/**
	 * Creates the event.
	 * @param container the listener's container
	 * @param revision the revision of the last entry received, or 0
	 */
	public KvListenerCaughtUpEvent(KvListenerContainer container, long revision) {
		super(container);
		this.listenerId = container.getId();
		this.bucket = container.getEndpoint().bucket();
		this.revision = revision;
	}

	/**
	 * The listener's id.
	 * @return the id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The revision of the last entry received when the listener caught up, or 0 if there was none.
	 * @return the revision
	 */
	public long getRevision() {
		return this.revision;
	}

}
