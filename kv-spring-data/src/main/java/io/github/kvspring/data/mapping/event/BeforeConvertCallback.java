package io.github.kvspring.data.mapping.event;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Called before the entity is converted to its stored value (auditing runs here).
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface BeforeConvertCallback<T> extends EntityCallback<T> {

	/**
	 * Called before the entity is converted to its stored value (auditing runs here).
	 * @param entity the entity
	 * @param bucket the bucket it is saved to
	 * @return the entity to go on with (the same one, or a changed copy of an immutable entity)
	 */
	T onBeforeConvert(T entity, String bucket);

}
