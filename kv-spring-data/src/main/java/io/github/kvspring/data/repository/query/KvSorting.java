package io.github.kvspring.data.repository.query;

import java.util.Comparator;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.data.core.PropertyPath;
import org.springframework.data.domain.Sort;

import io.github.kvspring.data.entity.KvStoredEntity;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.mapping.KvPersistentEntity;

/**
 * Orders entities by a {@link Sort}, then by key, so that every order (and every page) is deterministic.
 */
public final class KvSorting {

	private KvSorting() {
	}

	/**
	 * A comparator for the sort, ending with the key.
	 * @param <T> the entity type
	 * @param sort the sort, possibly unsorted
	 * @param entity the entity
	 * @param mappingContext the mapping context
	 * @return the comparator
	 */
	public static <T> Comparator<KvStoredEntity<T>> comparator(Sort sort, KvPersistentEntity<T> entity,
			KvMappingContext mappingContext) {
		Comparator<KvStoredEntity<T>> comparator = null;
		for (Sort.Order order : sort) {
			PropertyPath path = PropertyPath.from(order.getProperty(), entity.getTypeInformation());
			Comparator<KvStoredEntity<T>> next = (left, right) -> compare(
					KvPropertyValues.get(mappingContext, left.entity(), path),
					KvPropertyValues.get(mappingContext, right.entity(), path), order);
			comparator = (comparator != null) ? comparator.thenComparing(next) : next;
		}
		Comparator<KvStoredEntity<T>> byKey = Comparator.comparing(KvStoredEntity::key);
		return (comparator != null) ? comparator.thenComparing(byKey) : byKey;
	}

	private static int compare(@Nullable Object left, @Nullable Object right, Sort.Order order) {
		if (left == null || right == null) {
			if (left == right) {
				return 0;
			}
			boolean nullsFirst = order.getNullHandling() == Sort.NullHandling.NULLS_FIRST;
			return ((left == null) == nullsFirst) ? -1 : 1;
		}
		int result = KvValues.compare(normalize(left, order), normalize(right, order));
		return order.isAscending() ? result : -result;
	}

	private static Object normalize(Object value, Sort.Order order) {
		return (order.isIgnoreCase() && value instanceof String text) ? text.toLowerCase(Locale.ROOT) : value;
	}

}
