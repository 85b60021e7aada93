package io.github.kvspring.data.listener;

import java.time.Duration;

import io.github.kvspring.data.observation.KvListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.Assert;

/**
 * How a {@link KvListenerContainerFactory}'s containers run: on which threads, how long a stop waits for a
 * running method, and how invocations are observed.
 *
 * @param taskExecutor the executor of every container's fetch loop and partition threads (each container needs
 * {@code concurrency + 1} threads of it at once, its fetch loop running the method itself when the concurrency
 * is 1), or {@code null} for a thread per task named after the listener
 * @param virtualThreads whether those threads are virtual (without an executor of the application's own; needs
 * Java 21)
 * @param shutdownTimeout how long {@code stop()} waits for running methods
 * @param observationRegistry where invocations are observed ({@code NOOP} for none)
 * @param observationConvention the convention of those observations, or {@code null} for the default
 */
public record KvListenerContainerSettings(@Nullable TaskExecutor taskExecutor, boolean virtualThreads,
		Duration shutdownTimeout, ObservationRegistry observationRegistry,
		@Nullable KvListenerObservationConvention observationConvention) {

	/**
	 * The default shutdown timeout.
	 */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final KvListenerContainerSettings DEFAULTS = new KvListenerContainerSettings(null, false,
			DEFAULT_SHUTDOWN_TIMEOUT, ObservationRegistry.NOOP, null);

	/**
	 * Checks the settings.
	 * @param taskExecutor the executor, or {@code null}
	 * @param virtualThreads whether to use virtual threads
	 * @param shutdownTimeout the shutdown timeout
	 * @param observationRegistry the observation registry
	 * @param observationConvention the observation convention, or {@code null}
	 */
	public KvListenerContainerSettings {
		Assert.isTrue(!shutdownTimeout.isNegative(), () -> "'shutdownTimeout' must not be negative but was "
				+ shutdownTimeout);
	}

	/**
	 * The defaults: a platform thread per task, 10 s to stop, no observations.
	 * @return the default settings
	 */
	public static KvListenerContainerSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * The executor a container of the given listener uses.
	 * @param listenerId the listener's id
	 * @return the configured executor, or a new one whose threads are named {@code kv-listener-<id>-<n>}
	 */
	TaskExecutor taskExecutor(String listenerId) {
		if (this.taskExecutor != null) {
			return this.taskExecutor;
		}
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("kv-listener-" + listenerId + "-");
		executor.setVirtualThreads(this.virtualThreads);
		executor.setDaemon(true);
		return executor;
	}

}
