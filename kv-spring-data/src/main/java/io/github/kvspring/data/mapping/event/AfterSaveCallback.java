package io.github.kvspring.data.mapping.event;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Called after the write, with the new revision set as the entity's version.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface AfterSaveCallback<T> extends EntityCallback<T> {

	/**
	 * Called after the write, with the new revision set as the entity's version.
	 * @param entity the entity
	 * @param key the key it was written to
	 * @return the entity to go on with (the same one, or a changed copy of an immutable entity)
	 */
	T onAfterSave(T entity, String key);

}
