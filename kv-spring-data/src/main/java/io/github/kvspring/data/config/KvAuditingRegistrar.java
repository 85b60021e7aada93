package io.github.kvspring.data.config;

import java.lang.annotation.Annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;
import org.springframework.data.auditing.config.AuditingBeanDefinitionRegistrarSupport;
import org.springframework.data.auditing.config.AuditingConfiguration;
import org.springframework.data.mapping.context.PersistentEntities;

import io.github.kvspring.data.mapping.event.AuditingEntityCallback;

/**
 * Registers the auditing handler and the {@link AuditingEntityCallback} for {@link EnableKvAuditing}.
 */
class KvAuditingRegistrar extends AuditingBeanDefinitionRegistrarSupport {

		@Override
	protected Class<? extends Annotation> getAnnotation() {
		return EnableKvAuditing.class;
	}

	@Override
	protected String getAuditingHandlerBeanName() {
		return KvConfigUtils.AUDITING_HANDLER_BEAN_NAME;
	}

	@Override
	protected BeanDefinitionBuilder getAuditHandlerBeanDefinitionBuilder(AuditingConfiguration configuration) {
		BeanDefinitionBuilder entities = BeanDefinitionBuilder.genericBeanDefinition(PersistentEntities.class)
			.setFactoryMethod("of");
		entities.addConstructorArgReference(KvConfigUtils.MAPPING_CONTEXT_BEAN_NAME);
		BeanDefinitionBuilder handler = BeanDefinitionBuilder.rootBeanDefinition(IsNewAwareAuditingHandler.class);
		handler.addConstructorArgValue(entities.getBeanDefinition());
		return configureDefaultAuditHandlerAttributes(configuration, handler);
	}

	@Override
	protected void registerAuditListenerBeanDefinition(BeanDefinition auditingHandlerDefinition,
			BeanDefinitionRegistry registry) {
		KvConfigUtils.registerMappingContextIfMissing(registry);
		BeanDefinitionBuilder callback = BeanDefinitionBuilder.rootBeanDefinition(AuditingEntityCallback.class);
		callback.addConstructorArgValue(lazyHandler());
		registerInfrastructureBeanWithId(callback.getBeanDefinition(), AuditingEntityCallback.class.getName(), registry);
	}

	private AbstractBeanDefinition lazyHandler() {
		BeanDefinitionBuilder factory = BeanDefinitionBuilder
			.rootBeanDefinition(org.springframework.beans.factory.config.ObjectFactoryCreatingFactoryBean.class);
		factory.addPropertyValue("targetBeanName", KvConfigUtils.AUDITING_HANDLER_BEAN_NAME);
		return factory.getBeanDefinition();
	}

}
