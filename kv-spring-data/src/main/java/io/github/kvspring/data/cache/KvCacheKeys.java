package io.github.kvspring.data.cache;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.github.kvspring.data.core.KvKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;

/**
 * Maps the keys of one cache to KV keys: readable where the key allows it, always valid, at most
 * {@value #MAX_KEY_LENGTH} characters, and never the same KV key for two keys of different text.
 * <p>
 * A key becomes text first: a {@code String} as it is, a {@link SimpleKey} (several method arguments) as its
 * elements' texts joined by commas (a comma or backslash inside an element escaped with a backslash), anything else
 * through the cache's {@link ConversionService}, or its own {@code toString()}. Keys with the same text are the
 * same entry. The text is then encoded: letters, digits, {@code -}, {@code _} and {@code /} stay as they are, a dot
 * stays between two other characters, and every other character (the escape character {@code =} included) becomes
 * {@code =XX} per UTF-8 byte; the empty text is {@code =}. Encoding is reversible, so distinct texts never share a
 * key. A key that would be longer than the limit keeps a readable head and ends in {@code =H} and the URL-safe
 * Base64 of the text's SHA-256, which no encoded text contains.
 */
final class KvCacheKeys {

	/**
	 * The longest KV key a cache writes, its prefix included.
	 */
	static final int MAX_KEY_LENGTH = 512;

	private static final String HASH_MARK = "=H";

	/** The SHA-256 in URL-safe Base64 without padding. */
	private static final int HASH_LENGTH = 43;

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private static final @Nullable Field SIMPLE_KEY_PARAMS = simpleKeyParams();

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final String cacheName;

	/** The encoded prefix and its dot, or empty for a cache with a bucket of its own. */
	private final String prefix;

	private final ConversionService conversionService;

	KvCacheKeys(String cacheName, boolean prefixed, ConversionService conversionService) {
		this.cacheName = cacheName;
		this.prefix = prefixed ? encode(cacheName) + "." : "";
		if (this.prefix.length() > MAX_KEY_LENGTH / 2) {
			throw new IllegalArgumentException("Cache '" + cacheName + "': its name, as the key prefix '" + this.prefix
					+ "', takes more than half of the " + MAX_KEY_LENGTH + " characters a cache key may have; give the "
					+ "cache a shorter name or a bucket of its own");
		}
		this.conversionService = conversionService;
	}

	/**
	 * The KV key of a cache key.
	 * @throws IllegalArgumentException naming the cache and key when the key cannot become text
	 */
	String kvKey(Object key) {
		String text = text(key);
		String full = this.prefix + encode(text);
		if (full.startsWith("_kv")) {
			// Keys starting with _kv are reserved by NATS; '_' is never escaped otherwise, so this stays reversible.
			full = "=5F" + full.substring(1);
		}
		return (full.length() <= MAX_KEY_LENGTH) ? full : hashed(full, text);
	}

	/**
	 * The filter that matches every key of this cache.
	 */
	String filter() {
		return this.prefix.isEmpty() ? ">" : this.prefix + ">";
	}

	/**
	 * Whether a KV key belongs to this cache (a shared bucket holds other caches' keys too).
	 */
	boolean owns(String kvKey) {
		return kvKey.startsWith(this.prefix);
	}

	private String text(Object key) {
		if (key instanceof String text) {
			return text;
		}
		if (key instanceof SimpleKey simpleKey) {
			return simpleKeyText(simpleKey);
		}
		TypeDescriptor source = TypeDescriptor.forObject(key);
		if (source != null && this.conversionService.canConvert(source, STRING)) {
			Object converted = this.conversionService.convert(key, source, STRING);
			if (converted instanceof String text) {
				return text;
			}
		}
		if (hasOwnToString(key.getClass())) {
			return key.toString();
		}
		throw new IllegalArgumentException("Cache '" + this.cacheName + "': key of type " + key.getClass().getName()
				+ " cannot be turned into a KV key: it has no converter to String in the cache's conversion service "
				+ "and does not override toString(); register a converter (KvCacheConfiguration.withConversionService) "
				+ "or give the key type a toString() that tells keys apart");
	}

	private String simpleKeyText(SimpleKey key) {
		Object[] params = params(key);
		if (params == null) {
			return key.toString();
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < params.length; i++) {
			if (i > 0) {
				text.append(',');
			}
			Object param = params[i];
			String element = (param != null) ? text(param) : "null";
			text.append(element.replace("\\", "\\\\").replace(",", "\\,"));
		}
		return text.toString();
	}

	private static Object @Nullable [] params(SimpleKey key) {
		Field field = SIMPLE_KEY_PARAMS;
		if (field == null) {
			return null;
		}
		Object params = ReflectionUtils.getField(field, key);
		return (params instanceof Object[] array) ? array : null;
	}

	private static @Nullable Field simpleKeyParams() {
		Field field = ReflectionUtils.findField(SimpleKey.class, "params", Object[].class);
		if (field == null) {
			return null;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			return field;
		}
		catch (RuntimeException ex) {
			// Spring on the module path: SimpleKey's toString() is the key's text instead.
			return null;
		}
	}

	private static boolean hasOwnToString(Class<?> type) {
		try {
			return type.getMethod("toString").getDeclaringClass() != Object.class;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	/**
	 * The reversible encoding of a text into valid KV key characters.
	 */
	static String encode(String text) {
		if (text.isEmpty()) {
			return "=";
		}
		StringBuilder encoded = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isLiteral(c)) {
				encoded.append(c);
			}
			else if (c == '.' && encoded.length() > 0 && encoded.charAt(encoded.length() - 1) != '.'
					&& i + 1 < text.length() && text.charAt(i + 1) != '.') {
				encoded.append('.');
			}
			else {
				int end = (Character.isHighSurrogate(c) && i + 1 < text.length()) ? i + 2 : i + 1;
				for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
					encoded.append('=').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
				}
				i = end - 1;
			}
		}
		return encoded.toString();
	}

	private static boolean isLiteral(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '/';
	}

	/**
	 * A readable head of the encoded key, cut before any escape it would split, then the hash of the text.
	 */
	private static String hashed(String full, String text) {
		int cut = MAX_KEY_LENGTH - HASH_MARK.length() - HASH_LENGTH;
		int escape = full.lastIndexOf('=', cut - 1);
		if (escape >= 0 && escape > cut - 3) {
			cut = escape;
		}
		while (cut > 0 && full.charAt(cut - 1) == '.') {
			cut--;
		}
		String key = full.substring(0, cut) + HASH_MARK + sha256(text);
		return KvKeys.requireValidKey(key);
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
