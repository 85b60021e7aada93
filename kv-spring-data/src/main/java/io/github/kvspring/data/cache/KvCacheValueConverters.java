package io.github.kvspring.data.cache;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.convert.KvValueConverter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TreeNode;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Value converters for caches. A cache reads values without knowing their type ({@code @Cacheable} asks for the
 * value of a key, whatever it is), so its JSON carries the Java type of every value that needs one
 * ({@code "@class"}, as Spring Data Redis's generic JSON serializer writes it): a value reads back as the type it
 * was written as, its nested collections and objects too. Never Java serialization.
 * <p>
 * The type names in a cached value decide which classes are created when it is read, so whoever can write to the
 * cache's bucket chooses them. {@link #json()} accepts any type, as Spring Data Redis's JSON serializer does; where
 * the bucket is open to writers you do not trust, restrict the types with
 * {@link #json(PolymorphicTypeValidator)}, for example to your own packages and {@code java.}.
 */
public final class KvCacheValueConverters {

	private static final String TYPE_PROPERTY = "@class";

	private KvCacheValueConverters() {
	}

	/**
	 * JSON with type information, any type accepted, through a plain {@link JsonMapper} (Jackson modules on the
	 * class path registered).
	 * @return the converter
	 */
	public static KvValueConverter json() {
		return json(BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build());
	}

	/**
	 * JSON with type information, the types read limited by a validator.
	 * @param typeValidator which types values may name
	 * @return the converter
	 */
	public static KvValueConverter json(PolymorphicTypeValidator typeValidator) {
		return json(JsonMapper.builder().findAndAddModules().build(), typeValidator);
	}

	/**
	 * JSON with type information through a copy of an application's mapper (its modules and features), the types
	 * read limited by a validator.
	 * @param mapper the mapper to start from; it is not changed
	 * @param typeValidator which types values may name
	 * @return the converter
	 */
	public static KvValueConverter json(JsonMapper mapper, PolymorphicTypeValidator typeValidator) {
		Assert.notNull(mapper, "'mapper' must not be null");
		Assert.notNull(typeValidator, "'typeValidator' must not be null");
		JsonMapper typed = mapper.rebuild()
			.setDefaultTyping(new TypingForCaches(typeValidator))
			.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
			.build();
		return new TypedJsonConverter(typed.writerFor(Object.class), typed.readerFor(Object.class));
	}

	/**
	 * Type information for every value whose type its declaration does not give: the cached value itself, and
	 * nested values declared as {@code Object}, as an interface or as a class that is not final; not for enums,
	 * primitives and their wrappers, or final {@code java.*} classes declared as themselves.
	 */
	private static final class TypingForCaches extends DefaultTypeResolverBuilder {

		private static final long serialVersionUID = 1L;

		TypingForCaches(PolymorphicTypeValidator typeValidator) {
			super(typeValidator, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY, JsonTypeInfo.Id.CLASS,
					TYPE_PROPERTY);
		}

		@Override
		public DefaultTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
			return this;
		}

		@Override
		public boolean useForType(JavaType type) {
			if (type.isJavaLangObject()) {
				return true;
			}
			JavaType declared = type;
			while (declared.isArrayType() || declared.isReferenceType()) {
				JavaType content = declared.isArrayType() ? declared.getContentType() : declared.getReferencedType();
				if (content == null) {
					break;
				}
				declared = content;
			}
			Class<?> raw = declared.getRawClass();
			if (declared.isEnumType() || ClassUtils.isPrimitiveOrWrapper(raw)) {
				return false;
			}
			if (declared.isFinal() && raw.getPackageName().startsWith("java")) {
				return false;
			}
			return !TreeNode.class.isAssignableFrom(raw);
		}

	}

	/**
	 * Writes every value as {@code Object}, so that its type is recorded, and reads it back as the type recorded.
	 */
	private record TypedJsonConverter(ObjectWriter writer, ObjectReader reader) implements KvValueConverter {

		@Override
		public boolean canConvert(Class<?> type) {
			return true;
		}

		@Override
		public byte[] write(Object value) {
			try {
				return this.writer.writeValueAsBytes(value);
			}
			catch (JacksonException ex) {
				throw new KvValueConversionException(
						"Cannot write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
			}
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			Object value;
			try {
				value = this.reader.readValue(data);
			}
			catch (JacksonException ex) {
				throw new KvValueConversionException("Cannot read JSON: " + ex.getOriginalMessage(), ex);
			}
			if (value == null) {
				throw new KvValueConversionException("JSON 'null' is not a cached value");
			}
			Class<?> wanted = ClassUtils.resolvePrimitiveIfNecessary(type);
			if (!wanted.isInstance(value)) {
				throw new KvValueConversionException(
						"The cached value is a " + value.getClass().getName() + ", not a " + type.getName());
			}
			@SuppressWarnings("unchecked")
			T typed = (T) value;
			return typed;
		}

	}

}
