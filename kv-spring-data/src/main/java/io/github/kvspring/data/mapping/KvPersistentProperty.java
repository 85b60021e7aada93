package io.github.kvspring.data.mapping;

import org.springframework.data.mapping.Association;
import org.springframework.data.mapping.PersistentEntity;
import org.springframework.data.mapping.model.AnnotationBasedPersistentProperty;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;

/**
 * A property of a KV entity: stored in the entry's JSON value, except the id (in the key) and the version (the
 * entry's revision).
 */
public class KvPersistentProperty extends AnnotationBasedPersistentProperty<KvPersistentProperty> {

	/**
	 * Creates a property.
	 * @param property the property
	 * @param owner the owning entity
	 * @param simpleTypeHolder the simple types
	 */
	public KvPersistentProperty(Property property, PersistentEntity<?, KvPersistentProperty> owner,
			SimpleTypeHolder simpleTypeHolder) {
		super(property, owner, simpleTypeHolder);
	}

	/**
	 * Whether this property holds the entity's time to live.
	 * @return whether it is annotated with {@link KvTimeToLive}
	 */
	public boolean isTimeToLiveProperty() {
		return isAnnotationPresent(KvTimeToLive.class);
	}

	/**
	 * Whether derived queries may look this property up in an index.
	 * @return whether it is annotated with {@link KvIndexed}
	 */
	public boolean isIndexed() {
		return isAnnotationPresent(KvIndexed.class);
	}

	/**
	 * Whether the property's value is part of the stored JSON.
	 * @return whether it is neither the version nor transient
	 */
	public boolean isStored() {
		return !isVersionProperty() && !isTransient();
	}

	@Override
	protected Association<KvPersistentProperty> createAssociation() {
		// KV entities hold no references to other entities; a property is never the inverse side of one.
		return new Association<>(this, null);
	}

}
