package io.github.kvspring.data.repository.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvStoredEntity;
import io.github.kvspring.data.repository.KvRepository;
import io.github.kvspring.data.repository.query.KvSorting;
import io.github.kvspring.data.repository.query.KvTopMatches;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.util.Assert;

/**
 * The implementation behind every {@link KvRepository}: each call is one entity-template operation; scans read
 * the entity's keys in one server stream.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public class SimpleKvRepository<T, ID> implements KvRepository<T, ID> {

	private final EntityInformation<T, ID> entityInformation;

	private final KvEntityTemplate template;

	private final Class<T> type;

	/**
	 * Creates a repository.
	 * @param entityInformation the entity's information
	 * @param template the entity template
	 */
	public SimpleKvRepository(EntityInformation<T, ID> entityInformation, KvEntityTemplate template) {
		this.entityInformation = entityInformation;
		this.template = template;
		this.type = entityInformation.getJavaType();
	}

	@Override
	public <S extends T> S save(S entity) {
		Assert.notNull(entity, "'entity' must not be null");
		return this.template.save(entity);
	}

	@Override
	public <S extends T> List<S> saveAll(Iterable<S> entities) {
		Assert.notNull(entities, "'entities' must not be null");
		List<S> list = new ArrayList<>();
		entities.forEach(list::add);
		return this.template.saveAll(list);
	}

	@Override
	public Optional<T> findById(ID id) {
		Assert.notNull(id, "'id' must not be null");
		return Optional.ofNullable(this.template.findById(this.type, id));
	}

	@Override
	public boolean existsById(ID id) {
		Assert.notNull(id, "'id' must not be null");
		return this.template.existsById(this.type, id);
	}

	@Override
	public List<T> findAll() {
		return findAll(Sort.unsorted());
	}

	@Override
	public List<T> findAllById(Iterable<ID> ids) {
		Assert.notNull(ids, "'ids' must not be null");
		return this.template.findAllById(this.type, ids);
	}

	@Override
	public long count() {
		return this.template.count(this.type);
	}

	@Override
	public void deleteById(ID id) {
		Assert.notNull(id, "'id' must not be null");
		this.template.deleteById(this.type, id);
	}

	@Override
	public void delete(T entity) {
		Assert.notNull(entity, "'entity' must not be null");
		this.template.delete(entity);
	}

	@Override
	public void deleteAllById(Iterable<? extends ID> ids) {
		this.template.deleteAllById(this.type, ids);
	}

	@Override
	public void deleteAll(Iterable<? extends T> entities) {
		this.template.deleteAll(this.type, entities);
	}

	@Override
	public void deleteAll() {
		this.template.deleteAll(this.type);
	}

	@Override
	public List<T> findAll(Sort sort) {
		Comparator<KvStoredEntity<T>> order = KvSorting.comparator(sort, this.template.entity(this.type),
				this.template.getMappingContext());
		return this.template.readConsistently(() -> {
			try (Stream<KvStoredEntity<T>> entities = this.template.stream(this.type)) {
				return entities.sorted(order).map(KvStoredEntity::entity).toList();
			}
		});
	}

	@Override
	public Page<T> findAll(Pageable pageable) {
		Comparator<KvStoredEntity<T>> order = KvSorting.comparator(pageable.getSort(), this.template.entity(this.type),
				this.template.getMappingContext());
		KvTopMatches<KvStoredEntity<T>> selected = this.template.readConsistently(() -> {
			try (Stream<KvStoredEntity<T>> entities = this.template.stream(this.type)) {
				return KvTopMatches.of(entities, order, KvTopMatches.keepFor(pageable, false));
			}
		});
		return new PageImpl<>(selected.page(pageable).stream().map(KvStoredEntity::entity).toList(), pageable,
				selected.total());
	}

	/**
	 * The entity information this repository works with.
	 * @return the entity information
	 */
	protected EntityInformation<T, ID> getEntityInformation() {
		return this.entityInformation;
	}

}
