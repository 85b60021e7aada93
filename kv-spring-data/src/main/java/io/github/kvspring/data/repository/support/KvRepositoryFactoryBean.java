package io.github.kvspring.data.repository.support;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.util.Assert;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;

/**
 * The factory bean of each KV repository, set up by {@code @EnableKvRepositories}.
 *
 * @param <T> the repository type
 * @param <S> the entity type
 * @param <ID> the id type
 */
public class KvRepositoryFactoryBean<T extends Repository<S, ID>, S, ID> extends RepositoryFactoryBeanSupport<T, S, ID>
		implements DisposableBean {

	private @Nullable KeyValueOperations keyValueOperations;

	private @Nullable KvMappingContext mappingContext;

	private @Nullable KvEntityTemplate entityTemplate;

	private @Nullable BeanFactory beanFactory;

	private @Nullable KvEntityTemplate ownTemplate;

	/**
	 * Creates the factory bean for a repository interface.
	 * @param repositoryInterface the repository interface
	 */
	public KvRepositoryFactoryBean(Class<? extends T> repositoryInterface) {
		super(repositoryInterface);
	}

	/**
	 * Sets the KV operations the repository uses.
	 * @param keyValueOperations the operations
	 */
	public void setKeyValueOperations(KeyValueOperations keyValueOperations) {
		this.keyValueOperations = keyValueOperations;
	}

	/**
	 * Sets the mapping context.
	 * @param mappingContext the mapping context
	 */
	public void setKvMappingContext(KvMappingContext mappingContext) {
		this.mappingContext = mappingContext;
		setMappingContext(mappingContext);
	}

	/**
	 * Sets the entity template to use instead of the application's {@link KvEntityTemplate} bean or one built
	 * from the operations and the mapping context.
	 * @param entityTemplate the entity template
	 */
	public void setEntityTemplate(KvEntityTemplate entityTemplate) {
		this.entityTemplate = entityTemplate;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		super.setBeanFactory(beanFactory);
		this.beanFactory = beanFactory;
	}

	/**
	 * The entity template set, else the application's one {@link KvEntityTemplate} bean if it works on this
	 * repository's operations (another connection's must not serve it), else one built on the operations set
	 * (or, without any, the application's {@link KeyValueOperations} bean) and the mapping context.
	 */
	@Override
	protected RepositoryFactorySupport createRepositoryFactory() {
		KvEntityTemplate template = this.entityTemplate;
		KeyValueOperations operations = this.keyValueOperations;
		if (template == null && this.beanFactory != null) {
			if (operations == null) {
				operations = this.beanFactory.getBeanProvider(KeyValueOperations.class).getObject();
			}
			// An application's own entity template (its key codec, its JSON mapper) wins over a default one.
			KvEntityTemplate candidate = this.beanFactory.getBeanProvider(KvEntityTemplate.class).getIfUnique();
			if (candidate != null && candidate.getOperations() == operations) {
				template = candidate;
			}
		}
		if (template == null) {
			Assert.state(operations != null, "'keyValueOperations' must be set");
			Assert.state(this.mappingContext != null, "'mappingContext' must be set");
			template = new KvEntityTemplate(operations, this.mappingContext);
			if (this.beanFactory != null) {
				template.setEntityCallbacks(EntityCallbacks.create(this.beanFactory));
			}
			this.ownTemplate = template;
		}
		return new KvRepositoryFactory(template);
	}

	/**
	 * Stops the index watches of the entity template this factory bean built for itself, if any.
	 */
	@Override
	public void destroy() {
		KvEntityTemplate template = this.ownTemplate;
		if (template != null) {
			template.destroy();
		}
	}

}
