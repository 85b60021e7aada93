package io.github.kvspring.data.mapping.event;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Called after an entity was read and converted (findById, findAll, queries).
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface AfterConvertCallback<T> extends EntityCallback<T> {

	/**
	 * Called after an entity was read and converted (findById, findAll, queries).
	 * @param entity the entity
	 * @param key the key it was read from
	 * @return the entity to go on with (the same one, or a changed copy of an immutable entity)
	 */
	T onAfterConvert(T entity, String key);

}
