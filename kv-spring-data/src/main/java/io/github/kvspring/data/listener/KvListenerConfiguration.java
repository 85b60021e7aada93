package io.github.kvspring.data.listener;

import io.github.kvspring.data.config.KvConfigUtils;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * The listener infrastructure {@link EnableKvListeners} imports.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class KvListenerConfiguration {

	/**
	 * Creates the configuration.
	 */
	public KvListenerConfiguration() {
	}

	/**
	 * The post-processor that finds {@link KvListener} methods.
	 * @return the post-processor
	 */
	@Bean(name = KvConfigUtils.LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	public static KvListenerAnnotationBeanPostProcessor kvListenerAnnotationBeanPostProcessor() {
		return new KvListenerAnnotationBeanPostProcessor();
	}

	/**
	 * The registry of listener containers.
	 * @return the registry
	 */
	@Bean(name = KvConfigUtils.LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
	public KvListenerEndpointRegistry kvListenerEndpointRegistry() {
		return new KvListenerEndpointRegistry();
	}

}
