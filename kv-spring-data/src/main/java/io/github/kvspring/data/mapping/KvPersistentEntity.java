package io.github.kvspring.data.mapping;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.BasicPersistentEntity;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import io.github.kvspring.data.core.KvKeys;

/**
 * A KV entity: its bucket, key prefix and default time to live, with its id, version and time-to-live
 * properties.
 *
 * @param <T> the entity type
 */
public class KvPersistentEntity<T> extends BasicPersistentEntity<T, KvPersistentProperty> {

	private static final Set<Class<?>> INDEXABLE_TYPES = Set.of(String.class, Boolean.class, Byte.class, Short.class,
			Integer.class, Long.class, BigInteger.class, UUID.class);

	private final String bucket;

	private final String keyPrefix;

	private final @Nullable Duration timeToLive;

	private @Nullable KvPersistentProperty timeToLiveProperty;

	/**
	 * Creates an entity from its type's {@link KvEntity} annotation (or defaults without one).
	 * @param information the type
	 */
	public KvPersistentEntity(TypeInformation<T> information) {
		super(information);
		KvEntity annotation = findAnnotation(KvEntity.class);
		String name = (annotation != null && StringUtils.hasText(annotation.bucket())) ? annotation.bucket()
				: StringUtils.uncapitalize(getType().getSimpleName());
		this.bucket = KvKeys.requireValidBucketName(name);
		this.keyPrefix = (annotation != null) ? annotation.keyPrefix() : "";
		if (!this.keyPrefix.isEmpty()) {
			KvKeys.requireValidKey(this.keyPrefix);
		}
		this.timeToLive = (annotation != null && annotation.timeToLive() > 0)
				? Duration.ofNanos(annotation.timeToLiveUnit().toNanos(annotation.timeToLive())) : null;
	}

	@Override
	public void addPersistentProperty(KvPersistentProperty property) {
		super.addPersistentProperty(property);
		if (property.isTimeToLiveProperty()) {
			this.timeToLiveProperty = property;
		}
	}

	@Override
	public void verify() {
		super.verify();
		KvPersistentProperty version = getVersionProperty();
		if (version != null && version.getType() != Long.class && version.getType() != long.class) {
			throw new MappingException("@Version property '" + version.getName() + "' of " + getType().getName()
					+ " is a " + version.getType().getSimpleName() + ", but it holds the KV revision, a 64-bit stream "
					+ "sequence: declare it Long or long");
		}
		if (isAnnotationPresent(KvEntity.class) && !hasIdProperty()) {
			throw new MappingException(getType().getName() + " has no id property: annotate one with @Id (or name it id)");
		}
		for (KvPersistentProperty property : this) {
			if (property.isIndexed()) {
				verifyIndexed(property);
			}
		}
		KvPersistentProperty ttl = this.timeToLiveProperty;
		if (ttl != null && ttl.getType() != Duration.class && !Number.class.isAssignableFrom(ttl.getActualType())
				&& !ttl.getType().isPrimitive()) {
			throw new MappingException("@KvTimeToLive property '" + ttl.getName() + "' of " + getType().getName()
					+ " must be a Duration or a number of seconds");
		}
	}

	private void verifyIndexed(KvPersistentProperty property) {
		String problem = null;
		if (property.isIdProperty() || property.isVersionProperty()) {
			problem = "is the " + (property.isIdProperty() ? "id (in the key: look it up with findById)"
					: "version (the revision)") + ", which is not in the stored value";
		}
		else if (property.isTransient()) {
			problem = "is transient, so it is not stored";
		}
		else if (!INDEXABLE_TYPES.contains(ClassUtils.resolvePrimitiveIfNecessary(property.getType()))
				&& !property.getType().isEnum()) {
			problem = "is a " + property.getType().getName() + "; only String, enum, boolean, integral number and "
					+ "UUID properties can be indexed (their JSON is equal exactly when their values are)";
		}
		if (problem != null) {
			throw new MappingException("@KvIndexed property '" + property.getName() + "' of " + getType().getName()
					+ " " + problem);
		}
	}

	/**
	 * Whether any property is {@link KvIndexed}.
	 * @return whether derived queries may use an index
	 */
	public boolean hasIndexedProperties() {
		for (KvPersistentProperty property : this) {
			if (property.isIndexed()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The bucket this entity lives in.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The key prefix, or empty for none.
	 * @return the prefix
	 */
	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * The time to live every entity of this type gets unless its own property says otherwise.
	 * @return the time to live, or {@code null} for none
	 */
	public @Nullable Duration getTimeToLive() {
		return this.timeToLive;
	}

	/**
	 * The property holding an entity's own time to live.
	 * @return the property, or {@code null}
	 */
	public @Nullable KvPersistentProperty getTimeToLiveProperty() {
		return this.timeToLiveProperty;
	}

	/**
	 * Whether entities of this type may carry a time to live.
	 * @return whether a default or a property gives one
	 */
	public boolean hasTimeToLive() {
		return this.timeToLive != null || this.timeToLiveProperty != null;
	}

}
