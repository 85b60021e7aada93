package io.github.kvspring.data.mapping;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.Assert;

/**
 * The default key codec.
 * <ul>
 * <li>A simple id ({@code String}, {@code UUID}, numbers, enums, anything the conversion service turns into a
 * {@code String} and back) becomes one token.</li>
 * <li>A record id becomes one token per component, in declaration order, so that key filters can select by a
 * leading component (for example every entity of a tenant).</li>
 * <li>Within a token, {@code A-Z a-z 0-9 - _ /} stay as they are; every other character, {@code '='} and
 * {@code '.'} included, becomes {@code '='} followed by two upper-case hex digits per UTF-8 byte:
 * {@code bob@example.com} is {@code bob=40example=2Ecom}, {@code a b} is {@code a=20b}.</li>
 * <li>An empty id (or component) is refused.</li>
 * </ul>
 */
public class DefaultKvKeyCodec implements KvKeyCodec {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final ConversionService conversionService;

	/**
	 * Creates a codec with Spring's default conversion service.
	 */
	public DefaultKvKeyCodec() {
		this(DefaultConversionService.getSharedInstance());
	}

	/**
	 * Creates a codec that converts ids to and from strings with the given service.
	 * @param conversionService the conversion service
	 */
	public DefaultKvKeyCodec(ConversionService conversionService) {
		this.conversionService = conversionService;
	}

	@Override
	public String encode(Object id) {
		Assert.notNull(id, "'id' must not be null");
		if (id.getClass().isRecord()) {
			List<String> tokens = new ArrayList<>();
			for (RecordComponent component : id.getClass().getRecordComponents()) {
				Object value;
				try {
					value = component.getAccessor().invoke(id);
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalArgumentException("Cannot read component '" + component.getName() + "' of id " + id, ex);
				}
				Assert.notNull(value, () -> "Id " + id + " has a null component '" + component.getName()
						+ "'; every component of a composite id becomes a key token");
				tokens.add(token(id, value));
			}
			return String.join(".", tokens);
		}
		return token(id, id);
	}

	private String token(Object id, Object value) {
		String text = this.conversionService.convert(value, String.class);
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("Id '" + id + "' cannot be a key: an empty id (or id component) "
					+ "has no key token");
		}
		StringBuilder token = new StringBuilder(text.length());
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '/') {
				token.append(c);
			}
			else {
				token.append('=').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
			}
		}
		return token.toString();
	}

	@Override
	public <ID> ID decode(String tokens, Class<ID> idType) {
		if (idType.isRecord()) {
			RecordComponent[] components = idType.getRecordComponents();
			String[] parts = tokens.split("\\.", -1);
			Assert.isTrue(parts.length == components.length, () -> "Key tokens '" + tokens + "' do not hold a "
					+ idType.getName() + ": expected " + components.length + " tokens");
			Object[] values = new Object[components.length];
			Class<?>[] types = new Class<?>[components.length];
			for (int i = 0; i < components.length; i++) {
				types[i] = components[i].getType();
				values[i] = convert(unescape(parts[i]), types[i]);
			}
			try {
				Constructor<ID> constructor = idType.getDeclaredConstructor(types);
				constructor.setAccessible(true);
				return constructor.newInstance(values);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalArgumentException("Cannot create id " + idType.getName() + " from '" + tokens + "'", ex);
			}
		}
		Assert.isTrue(!tokens.contains("."), () -> "Key tokens '" + tokens + "' do not hold one " + idType.getName());
		return convert(unescape(tokens), idType);
	}

	@Override
	public int tokenCount(Class<?> idType) {
		return idType.isRecord() ? idType.getRecordComponents().length : 1;
	}

	private <T> T convert(String text, Class<T> type) {
		T value = this.conversionService.convert(text, type);
		Assert.notNull(value, () -> "Cannot convert '" + text + "' to " + type.getName());
		return value;
	}

	private static String unescape(String token) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c == '=') {
				int at = i;
				Assert.isTrue(at + 2 < token.length(), () -> "Truncated escape in key token '" + token + "'");
				bytes.write(Integer.parseInt(token.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				bytes.write(c);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
