package io.github.kvspring.data.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.kvspring.data.config.KvConfigUtils;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.adapter.KvListenerMethodAdapter;
import io.github.kvspring.data.mapping.DefaultKvKeyCodec;
import io.github.kvspring.data.mapping.KvEntityConverter;
import io.github.kvspring.data.mapping.KvKeyCodec;
import io.github.kvspring.data.mapping.KvMappingContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Finds {@link KvListener} methods on beans and registers one listener endpoint for each with the
 * {@link KvListenerEndpointRegistry}, once every singleton exists, through the container factory it names
 * ({@link KvListener#containerFactory()}) or the default one. Placeholders in the annotation are resolved; the
 * bucket and key patterns of an {@link KvListener#entity()} come from its mapping.
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
		Map<String, Target> targets = new HashMap<>();
		for (Pending listener : this.pending) {
			String name = resolve(listener.annotation().containerFactory());
			Target target = targets.computeIfAbsent(name, (key) -> target(factory, key, listener));
			registry.registerListener(endpoint(listener, target), target.containerFactory());
		}
		this.pending.clear();
	}

	/**
	 * The container factory a listener names, or the default one for an empty name, with the entity template
	 * that goes with it (see {@link KvListener#containerFactory()}).
	 */
	private Target target(BeanFactory factory, String name, Pending listener) {
		ObjectProvider<KvListenerContainerFactory> factories = factory.getBeanProvider(KvListenerContainerFactory.class);
		if (name.isEmpty()) {
			KvListenerContainerFactory containerFactory = factories.getIfUnique(() -> defaultContainerFactory(factory));
			return new Target(containerFactory, entityTemplate(factory, containerFactory.getTemplate()));
		}
		if (!factory.containsBean(name) || !factory.isTypeMatch(name, KvListenerContainerFactory.class)) {
			throw new IllegalStateException(listener.where() + " names containerFactory '" + name
					+ "', but there is no KvListenerContainerFactory bean of that name");
		}
		KvListenerContainerFactory containerFactory = factory.getBean(name, KvListenerContainerFactory.class);
		KvEntityTemplate entityTemplate = (containerFactory == factories.getIfUnique())
				? entityTemplate(factory, containerFactory.getTemplate())
				: newEntityTemplate(factory, containerFactory.getTemplate());
		return new Target(containerFactory, entityTemplate);
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
		return (existing != null) ? existing : newEntityTemplate(factory, template);
	}

	/**
	 * An entity template over the given template, with the application's mapping context, key codec and entity
	 * callbacks where it has them.
	 */
	private static KvEntityTemplate newEntityTemplate(BeanFactory factory, KeyValueTemplate template) {
		KvMappingContext mappingContext = factory.getBeanProvider(KvMappingContext.class)
			.getIfUnique(KvMappingContext::new);
		KvKeyCodec keyCodec = factory.getBeanProvider(KvKeyCodec.class).getIfUnique(DefaultKvKeyCodec::new);
		KvEntityTemplate entityTemplate = new KvEntityTemplate(template,
				new KvEntityConverter(mappingContext, () -> JsonMapper.builder().findAndAddModules().build()), keyCodec);
		entityTemplate.setEntityCallbacks(EntityCallbacks.create(factory));
		return entityTemplate;
	}

	private KvListenerEndpoint endpoint(Pending listener, Target target) {
		KvListener annotation = listener.annotation();
		KvEntityTemplate entityTemplate = target.entityTemplate();
		String where = listener.where();
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
				target.containerFactory().getTemplate().getConverter(), entityTemplate,
				(entity != void.class) ? entity : null);
		String group = resolve(annotation.group());
		return new KvListenerEndpoint(id, bucket, filters, options, annotation.concurrency(),
				Boolean.parseBoolean(resolve(annotation.autoStartup())), adapter, group.isEmpty() ? null : group);
	}

	private String resolve(String value) {
		if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			String resolved = configurable.resolveEmbeddedValue(value);
			return (resolved != null) ? resolved : value;
		}
		return value;
	}

	private record Pending(Object bean, String beanName, Method method, KvListener annotation) {

		String where() {
			return "@KvListener " + this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
		}

	}

	/**
	 * The container factory of a listener and the entity template that converts its entity values.
	 */
	private record Target(KvListenerContainerFactory containerFactory, KvEntityTemplate entityTemplate) {

	}

}
