package io.github.kvspring.autoconfigure;

import java.lang.annotation.Annotation;

import io.github.kvspring.data.repository.config.EnableKvRepositories;
import io.github.kvspring.data.repository.config.KvRepositoryConfigurationExtension;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanNameGenerator;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.data.AbstractRepositoryConfigurationSourceSupport;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.repository.config.BootstrapMode;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/**
 * Registers KV repositories as {@link EnableKvRepositories} on the auto-configuration packages would.
 */
class NatsKvRepositoriesRegistrar extends AbstractRepositoryConfigurationSourceSupport {

	private BootstrapMode bootstrapMode = BootstrapMode.DEFAULT;

	@Override
	public void setEnvironment(Environment environment) {
		super.setEnvironment(environment);
		// Bound as the properties class binds it, so that "lazy" reads as LAZY.
		this.bootstrapMode = Binder.get(environment)
			.bind("nats.kv.repositories.bootstrap-mode", BootstrapMode.class)
			.orElse(BootstrapMode.DEFAULT);
	}

	@Override
	protected BootstrapMode getBootstrapMode() {
		return this.bootstrapMode;
	}

	/**
	 * Registers repositories only where there are auto-configuration packages to scan (an application without
	 * {@code @SpringBootApplication} or {@code @AutoConfigurationPackage} has none).
	 */
	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry,
			@Nullable BeanNameGenerator generator) {
		if (registry instanceof BeanFactory beanFactory && AutoConfigurationPackages.has(beanFactory)) {
			super.registerBeanDefinitions(metadata, registry, generator);
		}
	}

	@Override
	protected Class<? extends Annotation> getAnnotation() {
		return EnableKvRepositories.class;
	}

	@Override
	protected Class<?> getConfiguration() {
		return EnableKvRepositoriesConfiguration.class;
	}

	@Override
	protected RepositoryConfigurationExtension getRepositoryConfigurationExtension() {
		return new KvRepositoryConfigurationExtension();
	}

	/**
	 * The template by type: the auto-configured one, or the application's own under any name.
	 */
	@EnableKvRepositories(keyValueTemplateRef = "")
	private static final class EnableKvRepositoriesConfiguration {

	}

}
