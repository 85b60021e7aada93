package io.github.kvspring.data.listener;

import java.time.Duration;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvGroupSettings;
import io.github.kvspring.data.core.KvGroups;
import io.github.kvspring.data.observation.KvListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.task.TaskExecutor;

/**
 * Creates the container of each listener endpoint, with the template to watch through, the error handler, the
 * event publisher, the threads the listener methods run on, how long a stop waits for them, and observations.
 * A {@code @KvListener} picks a factory bean by name ({@code @KvListener(containerFactory = ...)}), for listeners on a
 * second connection or with other settings.
 */
public class KvListenerContainerFactory implements ApplicationEventPublisherAware {

	private final KeyValueTemplate template;

	private KvListenerErrorHandler errorHandler = KvListenerErrorHandler.logging();

	private @Nullable ApplicationEventPublisher eventPublisher;

	private @Nullable TaskExecutor taskExecutor;

	private boolean virtualThreads;

	private Duration shutdownTimeout = KvListenerContainerSettings.DEFAULT_SHUTDOWN_TIMEOUT;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable KvListenerObservationConvention observationConvention;

	private KvGroupSettings groupSettings = KvGroupSettings.defaults();

	private @Nullable KvDeadLetterHandler deadLetterHandler;

	/**
	 * Creates a factory.
	 * @param template the template whose connection the listeners watch through
	 */
	public KvListenerContainerFactory(KeyValueTemplate template) {
		this.template = template;
	}

	/**
	 * Sets where listener failures go; logging by default.
	 * @param errorHandler the error handler
	 */
	public void setErrorHandler(KvListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Sets the executor every container's fetch loop and partition threads run on. Each container holds
	 * {@code concurrency + 1} of its threads while it runs (1 with a concurrency of 1), so a bounded pool must be
	 * large enough for every listener. By default each container creates its own threads, named
	 * {@code kv-listener-<id>-<n>}.
	 * @param taskExecutor the executor
	 */
	public void setTaskExecutor(TaskExecutor taskExecutor) {
		this.taskExecutor = taskExecutor;
	}

	/**
	 * Sets whether the containers' own threads are virtual (Java 21 or newer); ignored with an executor set.
	 * @param virtualThreads whether to use virtual threads
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/**
	 * Sets how long a container's {@code stop()} waits for methods that are running; they are never interrupted.
	 * 10 s by default.
	 * @param shutdownTimeout the timeout
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Sets where each listener call is observed; none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Sets the convention of listener observations, replacing the default one.
	 * @param observationConvention the convention
	 */
	public void setObservationConvention(KvListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Sets how the durable consumers of group listeners ({@code @KvListener(group = ...)}) fail over and acknowledge:
	 * by default another member takes over 5 s after the active one died (at once after it stopped), an entry
	 * without progress is sent again after 30 s, and 256 entries are in flight at most.
	 * @param groupSettings the group settings
	 */
	public void setGroupSettings(KvGroupSettings groupSettings) {
		this.groupSettings = groupSettings;
	}

	/**
	 * Sets where a group listener's change goes after its method failed on every attempt the error handler's
	 * {@linkplain KvListenerErrorHandler#retryBackOff() back-off} allows; the change is acknowledged after it, so
	 * the group goes on. None by default: the error handler alone gets the failure.
	 * @param deadLetterHandler the dead-letter handler, e.g. a {@link KvDeadLetterBucket}
	 */
	public void setDeadLetterHandler(KvDeadLetterHandler deadLetterHandler) {
		this.deadLetterHandler = deadLetterHandler;
	}

	/**
	 * The template listeners watch through.
	 * @return the template
	 */
	public KeyValueTemplate getTemplate() {
		return this.template;
	}

	/**
	 * Creates a container for an endpoint, a {@link KvGroupListenerContainer} for an endpoint with a group; it is
	 * not started.
	 * @param endpoint the endpoint
	 * @return the container
	 */
	public KvListenerContainer createContainer(KvListenerEndpoint endpoint) {
		KvBucketAdmin admin = new KvBucketAdmin(this.template.getConnection(), this.template.getJetStreamOptions());
		KvListenerContainerSettings settings = new KvListenerContainerSettings(this.taskExecutor, this.virtualThreads,
				this.shutdownTimeout, this.observationRegistry, this.observationConvention);
		if (endpoint.group() != null) {
			return new KvGroupListenerContainer(endpoint, this.template, this.template.getConnection(), admin,
					this.errorHandler, this.eventPublisher, settings,
					new KvGroups(this.template.getConnection(), this.template.getJetStreamOptions()), this.groupSettings,
					this.deadLetterHandler);
		}
		return new KvListenerContainer(endpoint, this.template, this.template.getConnection(), admin,
				this.errorHandler, this.eventPublisher, settings);
	}

}
