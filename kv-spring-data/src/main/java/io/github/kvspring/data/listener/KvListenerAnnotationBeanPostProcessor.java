package io.github.kvspring.data.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.kvspring.data.config.KvConfigUtils;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.adapter.KvListenerMethodAdapter;
import io.github.kvspring.data.mapping.KvMappingContext;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Finds {@link KvListener} methods on beans and registers one listener endpoint for each with the
 * {@link KvListenerEndpointRegistry}, once every singleton exists. Placeholders in the annotation are
 * resolved; the bucket and key patterns of an {@link KvListener#entity()} come from its mapping.
 */
public class KvListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, ApplicationEventPublisherAware {

	private final List<Pending> pending = new ArrayList<>();

	private final Set<String> ids = new HashSet<>();

	private @Nullable BeanFactory beanFactory;

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Creates the post-processor; {@code @EnableKvListeners} registers it.
	 */
	public KvListenerAnnotationBeanPostProcessor() {
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		Map<Method, KvListener> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<KvListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, KvListener.class));
		methods.forEach((method, annotation) -> this.pending.add(new Pending(bean, beanName, method, annotation)));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.pending.isEmpty()) {
			return;
		}
		BeanFactory factory = this.beanFactory;
		Assert.state(factory != null, "No bean factory");
		KvListenerEndpointRegistry registry = factory.getBean(KvConfigUtils.LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
				KvListenerEndpointRegistry.class);
		KvListenerContainerFactory containerFactory = factory.getBeanProvider(KvListenerContainerFactory.class)
			.getIfUnique(() -> defaultContainerFactory(factory));
		KvEntityTemplate entityTemplate = entityTemplate(factory, containerFactory.getTemplate());
		for (Pending listener : this.pending) {
			registry.registerListener(endpoint(listener, containerFactory, entityTemplate), containerFactory);
		}
		this.pending.clear();
	}

	private KvListenerContainerFactory defaultContainerFactory(BeanFactory factory) {
		KvListenerContainerFactory containerFactory = new KvListenerContainerFactory(factory.getBean(KeyValueTemplate.class));
		factory.getBeanProvider(KvListenerErrorHandler.class).ifUnique(containerFactory::setErrorHandler);
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher != null) {
			containerFactory.setApplicationEventPublisher(publisher);
		}
		return containerFactory;
	}

	private static KvEntityTemplate entityTemplate(BeanFactory factory, KeyValueTemplate template) {
		KvEntityTemplate existing = factory.getBeanProvider(KvEntityTemplate.class).getIfUnique();
		if (existing != null) {
			return existing;
		}
		KvMappingContext mappingContext = factory.getBeanProvider(KvMappingContext.class)
			.getIfUnique(KvMappingContext::new);
		return new KvEntityTemplate(template, mappingContext);
	}

	private KvListenerEndpoint endpoint(Pending listener, KvListenerContainerFactory containerFactory,
			KvEntityTemplate entityTemplate) {
		KvListener annotation = listener.annotation();
		String where = "@KvListener " + listener.method().getDeclaringClass().getSimpleName() + "."
				+ listener.method().getName();
		Class<?> entity = annotation.entity();
		String bucket = resolve(annotation.bucket());
		if (bucket.isEmpty()) {
			Assert.state(entity != void.class, () -> where + " names no bucket: set bucket or entity");
			bucket = entityTemplate.entity(entity).getBucket();
		}
		List<String> filters = Arrays.stream(annotation.keys()).map(this::resolve).filter(StringUtils::hasText).toList();
		if (filters.isEmpty()) {
			filters = List.of((entity != void.class) ? entityTemplate.filter(entity) : ">");
		}
		KvWatchOptions options = new KvWatchOptions(annotation.start() == KvListener.Start.HISTORY,
				annotation.ignoreDeletes(), annotation.start() == KvListener.Start.UPDATES_ONLY, annotation.metaOnly(),
				0);
		if (annotation.fromRevision() > 0) {
			options = new KvWatchOptions(false, annotation.ignoreDeletes(), false, annotation.metaOnly(),
					annotation.fromRevision());
		}
		String id = resolve(annotation.id());
		if (id.isEmpty()) {
			id = listener.beanName() + "." + listener.method().getName();
			for (int i = 1; this.ids.contains(id); i++) {
				id = listener.beanName() + "." + listener.method().getName() + "#" + i;
			}
		}
		Assert.state(this.ids.add(id), "Two @KvListener methods share the id '" + id + "'");
		KvListenerMethodAdapter adapter = new KvListenerMethodAdapter(listener.bean(), listener.method(),
				containerFactory.getTemplate().getConverter(), entityTemplate);
		return new KvListenerEndpoint(id, bucket, filters, options, annotation.concurrency(),
				Boolean.parseBoolean(resolve(annotation.autoStartup())), adapter);
	}

	private String resolve(String value) {
		if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			String resolved = configurable.resolveEmbeddedValue(value);
			return (resolved != null) ? resolved : value;
		}
		return value;
	}

	private record Pending(Object bean, String beanName, Method method, KvListener annotation) {

	}

}
