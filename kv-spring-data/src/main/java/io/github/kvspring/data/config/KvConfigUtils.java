package io.github.kvspring.data.config;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

import io.github.kvspring.data.mapping.KvMappingContext;

/**
 * The names of the KV support's infrastructure beans, in one place.
 */
public final class KvConfigUtils {

	/**
	 * The mapping context's bean name.
	 */
	public static final String MAPPING_CONTEXT_BEAN_NAME = "kvMappingContext";

	/**
	 * The template's default bean name.
	 */
	public static final String TEMPLATE_BEAN_NAME = "keyValueTemplate";

	/**
	 * The auditing handler's bean name.
	 */
	public static final String AUDITING_HANDLER_BEAN_NAME = "kvAuditingHandler";

	/**
	 * The {@code @KvListener} post-processor's bean name.
	 */
	public static final String LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME = "io.github.kvspring.data.listener.internalKvListenerAnnotationProcessor";

	/**
	 * The listener endpoint registry's bean name.
	 */
	public static final String LISTENER_ENDPOINT_REGISTRY_BEAN_NAME = "kvListenerEndpointRegistry";

	private KvConfigUtils() {
	}

	/**
	 * Registers a {@link KvMappingContext} under {@link #MAPPING_CONTEXT_BEAN_NAME} unless a bean of that name
	 * exists.
	 * @param registry the registry
	 */
	public static void registerMappingContextIfMissing(BeanDefinitionRegistry registry) {
		if (!registry.containsBeanDefinition(MAPPING_CONTEXT_BEAN_NAME)) {
			registry.registerBeanDefinition(MAPPING_CONTEXT_BEAN_NAME,
					BeanDefinitionBuilder.rootBeanDefinition(KvMappingContext.class).getBeanDefinition());
		}
	}

}
