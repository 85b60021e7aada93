package io.github.kvspring.data.mapping;

/**
 * Turns entity ids into the key tokens that follow an entity's key prefix, and back. Must be reversible:
 * {@code decode(encode(id), type)} equals {@code id}.
 *
 * @see DefaultKvKeyCodec
 */
public interface KvKeyCodec {

	/**
	 * Encodes an id as one or more dot-separated key tokens.
	 * @param id the id
	 * @return the tokens
	 * @throws IllegalArgumentException naming the id and the rule it breaks, if it cannot be encoded
	 */
	String encode(Object id);

	/**
	 * Decodes key tokens back into an id.
	 * @param <ID> the id type
	 * @param tokens the tokens after the key prefix
	 * @param idType the id type
	 * @return the id
	 * @throws IllegalArgumentException if the tokens are not an encoded id of that type
	 */
	<ID> ID decode(String tokens, Class<ID> idType);

	/**
	 * How many key tokens an id of the given type takes, so that one key filter matches every entity.
	 * @param idType the id type
	 * @return the number of tokens
	 */
	int tokenCount(Class<?> idType);

}
