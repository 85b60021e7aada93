package io.github.kvspring.data.repository.query;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvIndexedKeys;
import io.github.kvspring.data.entity.KvStoredEntity;
import io.github.kvspring.data.mapping.KvPersistentEntity;

/**
 * A derived query ({@code findBy…}, {@code countBy…}, {@code existsBy…}, {@code deleteBy…}), evaluated over
 * the entity's entries read in one server stream. Results are ordered by the query's sort, then by key, so
 * pages are deterministic; a {@code Stream} result without a sort or limit is read lazily with bounded memory.
 */
public class KvPartTreeQuery implements RepositoryQuery {

	private static final int INDEX_SHARE_LIMIT = 4;

	private final QueryMethod method;

	private final PartTree tree;

	private final KvEntityTemplate template;

	private final KvPersistentEntity<?> entity;

	/**
	 * Creates the query, refusing keywords this store cannot evaluate.
	 * @param method the query method
	 * @param template the entity template
	 * @throws QueryCreationException naming the method and the unsupported keyword
	 */
	public KvPartTreeQuery(QueryMethod method, KvEntityTemplate template) {
		this.method = method;
		this.template = template;
		Class<?> domainType = method.getEntityInformation().getJavaType();
		this.entity = template.entity(domainType);
		try {
			this.tree = new PartTree(method.getName(), domainType);
		}
		catch (RuntimeException ex) {
			throw QueryCreationException.create(method, ex);
		}
		Part unsupported = KvPartTreePredicate.unsupportedPart(this.tree);
		if (unsupported != null) {
			throw QueryCreationException.create(method, "Query method '" + method.getName() + "' uses the keyword "
					+ unsupported.getType() + " " + unsupported.getType().getKeywords()
					+ " on property '" + unsupported.getProperty().toDotPath()
					+ "', which the NATS KV store does not support");
		}
	}

	@Override
	public @Nullable Object execute(Object[] parameters) {
		return execute(this.entity, parameters);
	}

	private <T> @Nullable Object execute(KvPersistentEntity<T> persistentEntity, Object[] parameters) {
		ParametersParameterAccessor accessor = new ParametersParameterAccessor(this.method.getParameters(), parameters);
		Predicate<Object> predicate = KvPartTreePredicate.of(this.tree, accessor, this.template.getMappingContext());
		Class<T> type = persistentEntity.getType();
		if (this.tree.isCountProjection()) {
			return this.template.readConsistently(() -> {
				try (Stream<KvStoredEntity<T>> all = candidates(type, accessor)) {
					return all.filter((stored) -> predicate.test(stored.entity())).count();
				}
			});
		}
		if (this.tree.isExistsProjection()) {
			return this.template.readConsistently(() -> {
				try (Stream<KvStoredEntity<T>> all = candidates(type, accessor)) {
					return all.anyMatch((stored) -> predicate.test(stored.entity()));
				}
			});
		}
		Sort sort = this.tree.getSort().and(accessor.getSort());
		Pageable pageable = accessor.getPageable();
		// A Pageable also answers getLimit() with its page size; only a Limit parameter limits the matches.
		int limit = limit(accessor.getParameters().hasLimitParameter() ? accessor.getLimit() : Limit.unlimited());
		if (this.method.isStreamQuery() && sort.isUnsorted() && limit == Integer.MAX_VALUE && pageable.isUnpaged()) {
			return candidates(type, accessor).filter((stored) -> predicate.test(stored.entity()))
				.map(KvStoredEntity::entity);
		}
		// Only what can be returned is kept while scanning: the first offset + size (+ 1, to tell a slice's next)
		// in the query's order, at most the limit.
		long keep = this.tree.isDelete() ? limit
				: Math.min(limit, KvTopMatches.keepFor(pageable, this.method.isSliceQuery()));
		KvTopMatches<KvStoredEntity<T>> selected = this.template.readConsistently(() -> {
			try (Stream<KvStoredEntity<T>> all = candidates(type, accessor)) {
				return KvTopMatches.of(all.filter((stored) -> predicate.test(stored.entity())),
						KvSorting.comparator(sort, persistentEntity, this.template.getMappingContext()), keep);
			}
		});
		long total = Math.min(selected.total(), limit);
		if (this.tree.isDelete()) {
			List<T> matches = entities(selected.items());
			this.template.deleteAll(type, matches);
			return (this.method.isCollectionQuery()) ? matches : (Object) (long) matches.size();
		}
		List<T> results = entities(selected.page(pageable));
		if (this.method.isPageQuery()) {
			return new PageImpl<>(results, pageable, total);
		}
		if (this.method.isSliceQuery()) {
			List<T> content = results;
			boolean hasNext = pageable.isPaged() && pageable.getOffset() + content.size() < total;
			return new SliceImpl<>(content, pageable, hasNext);
		}
		if (this.method.isStreamQuery()) {
			return results.stream();
		}
		if (this.method.isCollectionQuery()) {
			return results;
		}
		if (results.size() > 1) {
			throw new IncorrectResultSizeDataAccessException("Query method '" + this.method.getName()
					+ "' expects one result but found " + results.size(), 1, results.size());
		}
		return results.isEmpty() ? null : results.get(0);
	}

	/**
	 * The entities the predicate is applied to: those an index lookup finds when every {@code Or} branch has an
	 * equality on an indexed property and the lookup is selective enough to beat a scan, else every entity of the
	 * type in one server stream.
	 */
	private <T> Stream<KvStoredEntity<T>> candidates(Class<T> type, ParameterAccessor parameters) {
		List<KvIndexLookup> lookups = KvIndexLookup.of(this.tree, parameters, this.entity);
		if (lookups == null) {
			return this.template.stream(type);
		}
		Set<String> keys = new HashSet<>();
		long asOf = Long.MAX_VALUE;
		for (KvIndexLookup lookup : lookups) {
			KvIndexedKeys found = this.template.findIndexedKeys(type, lookup.property(), lookup.values());
			if (found == null) {
				return this.template.stream(type);
			}
			keys.addAll(found.keys());
			asOf = Math.min(asOf, found.asOfRevision());
		}
		// Fetching by key reads about a quarter as fast as a scan: past that share, scan.
		if ((long) keys.size() * INDEX_SHARE_LIMIT > this.template.indexedCount(type)) {
			return this.template.stream(type);
		}
		return this.template.streamByKeys(type, new KvIndexedKeys(keys, asOf));
	}

	private int limit(Limit limit) {
		int result = Integer.MAX_VALUE;
		Integer maxResults = this.tree.getMaxResults();
		if (maxResults != null) {
			result = maxResults;
		}
		if (limit.isLimited()) {
			result = Math.min(result, limit.max());
		}
		return result;
	}

	private static <T> List<T> entities(List<KvStoredEntity<T>> stored) {
		return stored.stream().map(KvStoredEntity::entity).toList();
	}

	@Override
	public QueryMethod getQueryMethod() {
		return this.method;
	}

}
