package io.github.kvspring.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the NATS health indicator shows ({@code management.health.nats.*}).
 */
@ConfigurationProperties("management.health.nats")
public class NatsHealthIndicatorProperties {

	/**
	 * Whether the health details show each bucket under nats.kv.buckets (entries, last revision, or missing). They
	 * are details only: a missing bucket does not make the application down.
	 */
	private boolean buckets;

	/**
	 * How long a health probe waits for the buckets' states, asked for all at once.
	 */
	private Duration bucketTimeout = Duration.ofMillis(500);

	/**
	 * Returns whether the details show each declared bucket.
	 * @return whether bucket details are shown
	 */
	public boolean isBuckets() {
		return this.buckets;
	}

	/**
	 * Sets whether the details show each declared bucket.
	 * @param buckets whether bucket details are shown
	 */
	public void setBuckets(boolean buckets) {
		this.buckets = buckets;
	}

	/**
	 * Returns how long a probe waits for the buckets' states.
	 * @return the timeout
	 */
	public Duration getBucketTimeout() {
		return this.bucketTimeout;
	}

	/**
	 * Sets how long a probe waits for the buckets' states.
	 * @param bucketTimeout the timeout
	 */
	public void setBucketTimeout(Duration bucketTimeout) {
		this.bucketTimeout = bucketTimeout;
	}

}
