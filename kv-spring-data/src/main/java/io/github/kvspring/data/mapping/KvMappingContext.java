package io.github.kvspring.data.mapping;

import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.context.AbstractMappingContext;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;

/**
 * The mapping context of KV entities.
 */
public class KvMappingContext extends AbstractMappingContext<KvPersistentEntity<?>, KvPersistentProperty> {

	/**
	 * Creates a mapping context.
	 */
	public KvMappingContext() {
	}

	@Override
	protected <T> KvPersistentEntity<?> createPersistentEntity(TypeInformation<T> typeInformation) {
		return new KvPersistentEntity<>(typeInformation);
	}

	@Override
	protected KvPersistentProperty createPersistentProperty(Property property, KvPersistentEntity<?> owner,
			SimpleTypeHolder simpleTypeHolder) {
		return new KvPersistentProperty(property, owner, simpleTypeHolder);
	}

}
