package io.github.kvspring.data.mapping.event;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Called after conversion, just before the write.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface BeforeSaveCallback<T> extends EntityCallback<T> {

	/**
	 * Called after conversion, just before the write.
	 * @param entity the entity
	 * @param key the key it is written to
	 * @return the entity to go on with (the same one, or a changed copy of an immutable entity)
	 */
	T onBeforeSave(T entity, String key);

}
