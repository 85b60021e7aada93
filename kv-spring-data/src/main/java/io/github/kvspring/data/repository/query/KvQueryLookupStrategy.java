package io.github.kvspring.data.repository.query;

import java.lang.reflect.Method;

import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.NamedQueries;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;

import io.github.kvspring.data.entity.KvEntityTemplate;

/**
 * Derives every query method from its name: the KV store has no query language of its own.
 */
public class KvQueryLookupStrategy implements QueryLookupStrategy {

	private final KvEntityTemplate template;

	/**
	 * Creates the strategy.
	 * @param template the entity template the queries read through
	 */
	public KvQueryLookupStrategy(KvEntityTemplate template) {
		this.template = template;
	}

	@Override
	public RepositoryQuery resolveQuery(Method method, RepositoryMetadata metadata, ProjectionFactory factory,
			NamedQueries namedQueries) {
		return new KvPartTreeQuery(new QueryMethod(method, metadata, factory), this.template);
	}

}
