package io.github.kvspring.data.listener;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;

/**
 * Creates the container of each listener endpoint, with the template to watch through, the error handler and
 * the event publisher.
 */
public class KvListenerContainerFactory implements ApplicationEventPublisherAware {

	private final KeyValueTemplate template;

	private KvListenerErrorHandler errorHandler = KvListenerErrorHandler.logging();

	private @Nullable ApplicationEventPublisher eventPublisher;

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
	 * The template listeners watch through.
	 * @return the template
	 */
	public KeyValueTemplate getTemplate() {
		return this.template;
	}

	/**
	 * Creates a container for an endpoint; it is not started.
	 * @param endpoint the endpoint
	 * @return the container
	 */
	public KvListenerContainer createContainer(KvListenerEndpoint endpoint) {
		return new KvListenerContainer(endpoint, this.template, this.template.getConnection(),
				new KvBucketAdmin(this.template.getConnection(), this.template.getJetStreamOptions()), this.errorHandler,
				this.eventPublisher);
	}

}
