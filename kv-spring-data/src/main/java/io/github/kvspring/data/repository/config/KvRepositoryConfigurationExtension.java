package io.github.kvspring.data.repository.config;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.data.repository.config.AnnotationRepositoryConfigurationSource;
import org.springframework.data.repository.config.RepositoryConfigurationExtensionSupport;
import org.springframework.data.repository.config.RepositoryConfigurationSource;
import org.springframework.util.StringUtils;

import io.github.kvspring.data.config.KvConfigUtils;
import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.repository.KvRepository;
import io.github.kvspring.data.repository.support.KvRepositoryFactoryBean;

/**
 * The KV module's repository configuration: identifies its repositories by {@link KvEntity} and
 * {@link KvRepository} (strict mode, beside other Spring Data modules), and wires each factory bean to the
 * template and mapping context.
 */
public class KvRepositoryConfigurationExtension extends RepositoryConfigurationExtensionSupport {

	/**
	 * Creates the extension.
	 */
	public KvRepositoryConfigurationExtension() {
	}

	@Override
	public String getModuleName() {
		return "NATS KV";
	}

	@Override
	protected String getModulePrefix() {
		return "kv";
	}

	@Override
	public String getRepositoryFactoryBeanClassName() {
		return KvRepositoryFactoryBean.class.getName();
	}

	@Override
	protected Collection<Class<? extends Annotation>> getIdentifyingAnnotations() {
		return List.of(KvEntity.class);
	}

	@Override
	protected Collection<Class<?>> getIdentifyingTypes() {
		return List.of(KvRepository.class);
	}

	@Override
	public void registerBeansForRoot(BeanDefinitionRegistry registry, RepositoryConfigurationSource configurationSource) {
		super.registerBeansForRoot(registry, configurationSource);
		String mappingContext = configurationSource.getAttribute("mappingContextRef")
			.orElse(KvConfigUtils.MAPPING_CONTEXT_BEAN_NAME);
		if (mappingContext.equals(KvConfigUtils.MAPPING_CONTEXT_BEAN_NAME)) {
			KvConfigUtils.registerMappingContextIfMissing(registry);
		}
	}

	@Override
	public void postProcess(BeanDefinitionBuilder builder, AnnotationRepositoryConfigurationSource config) {
		AnnotationAttributes attributes = config.getAttributes();
		String template = attributes.getString("keyValueTemplateRef");
		if (StringUtils.hasText(template)) {
			builder.addPropertyReference("keyValueOperations", template);
		}
		builder.addPropertyReference("kvMappingContext", attributes.getString("mappingContextRef"));
		String entityTemplate = attributes.getString("entityTemplateRef");
		if (StringUtils.hasText(entityTemplate)) {
			builder.addPropertyReference("entityTemplate", entityTemplate);
		}
	}

}
