package io.github.kvspring.data.repository.query;

import org.jspecify.annotations.Nullable;

import org.springframework.data.core.PropertyPath;
import org.springframework.data.mapping.PersistentEntity;

import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.mapping.KvPersistentProperty;

/**
 * Reads a (possibly nested) property of an entity by its path; {@code null} as soon as a step is {@code null}.
 */
final class KvPropertyValues {

	private KvPropertyValues() {
	}

	static @Nullable Object get(KvMappingContext mappingContext, Object bean, PropertyPath path) {
		Object current = bean;
		PropertyPath step = path;
		while (step != null && current != null) {
			PersistentEntity<?, KvPersistentProperty> entity = mappingContext
				.getRequiredPersistentEntity(current.getClass());
			KvPersistentProperty property = entity.getRequiredPersistentProperty(step.getSegment());
			current = entity.getPropertyAccessor(current).getProperty(property);
			step = step.hasNext() ? step.next() : null;
		}
		return current;
	}

}
