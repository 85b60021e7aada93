package io.github.kvspring.data.repository.support;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.core.support.PersistentEntityInformation;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.ValueExpressionDelegate;

import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvPersistentEntity;
import io.github.kvspring.data.repository.query.KvQueryLookupStrategy;

/**
 * Creates KV repositories: a {@link SimpleKvRepository} per interface, with derived queries.
 */
public class KvRepositoryFactory extends RepositoryFactorySupport {

	private final KvEntityTemplate template;

	/**
	 * Creates a factory.
	 * @param template the entity template the repositories work through
	 */
	public KvRepositoryFactory(KvEntityTemplate template) {
		this.template = template;
	}

	@Override
	public EntityInformation<?, ?> getEntityInformation(RepositoryMetadata metadata) {
		KvPersistentEntity<?> entity = this.template.entity(metadata.getDomainType());
		return new PersistentEntityInformation<>(entity);
	}

	@Override
	protected Object getTargetRepository(RepositoryInformation metadata) {
		return getTargetRepositoryViaReflection(metadata, getEntityInformation(metadata), this.template);
	}

	@Override
	protected Class<?> getRepositoryBaseClass(RepositoryMetadata metadata) {
		return SimpleKvRepository.class;
	}

	@Override
	protected Optional<QueryLookupStrategy> getQueryLookupStrategy(QueryLookupStrategy.@Nullable Key key,
			ValueExpressionDelegate valueExpressionDelegate) {
		return Optional.of(new KvQueryLookupStrategy(this.template));
	}

}
