package io.github.kvspring.data.core;

/**
 * The NATS KV rules for keys, key filters and bucket names, checked before anything is sent.
 * <ul>
 * <li>A key is one or more non-empty tokens separated by dots, with no leading or trailing dot; a token holds
 * only {@code A-Z a-z 0-9 - _ = /}; keys starting with {@code _kv} are reserved by NATS; at most
 * {@value #MAX_KEY_LENGTH} characters, so that the subject {@code $KV.<bucket>.<key>} fits a protocol line.</li>
 * <li>A filter (for watches and key listings) is a key whose tokens may also be the wildcards {@code *} (one
 * whole token) and {@code >} (the last token, matching one or more tokens).</li>
 * <li>A bucket name holds only {@code A-Z a-z 0-9 - _}, at most {@value #MAX_BUCKET_NAME_LENGTH}
 * characters.</li>
 * </ul>
 */
public final class KvKeys {

	/**
	 * The longest key accepted.
	 */
	public static final int MAX_KEY_LENGTH = 1024;

	/**
	 * The longest bucket name accepted (the stream name {@code KV_<bucket>} stays within 255).
	 */
	public static final int MAX_BUCKET_NAME_LENGTH = 252;

	private static final String TOKEN_CHARACTERS = "letters, digits, '-', '_', '=' and '/'";

	private KvKeys() {
	}

	/**
	 * Checks a key for a read or write.
	 * @param key the key
	 * @return the key
	 * @throws InvalidKeyException naming the key and the rule it breaks
	 */
	public static String requireValidKey(String key) {
		return check(key, false);
	}

	/**
	 * Checks a filter for a watch or key listing: a key whose tokens may be {@code *} or, last, {@code >}.
	 * @param filter the filter
	 * @return the filter
	 * @throws InvalidKeyException naming the filter and the rule it breaks
	 */
	public static String requireValidFilter(String filter) {
		return check(filter, true);
	}

	/**
	 * Whether a filter holds a wildcard token.
	 * @param filter a valid filter
	 * @return whether it has {@code *} or {@code >}
	 */
	public static boolean hasWildcard(String filter) {
		for (String token : filter.split("\\.", -1)) {
			if (token.equals("*") || token.equals(">")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks a bucket name.
	 * @param bucket the name
	 * @return the name
	 * @throws InvalidBucketNameException naming the bucket and the rule it breaks
	 */
	public static String requireValidBucketName(String bucket) {
		if (bucket.isEmpty()) {
			throw new InvalidBucketNameException(bucket, "a bucket name must not be empty");
		}
		if (bucket.length() > MAX_BUCKET_NAME_LENGTH) {
			throw new InvalidBucketNameException(bucket,
					"a bucket name must be at most " + MAX_BUCKET_NAME_LENGTH + " characters");
		}
		for (int i = 0; i < bucket.length(); i++) {
			char c = bucket.charAt(i);
			if (!isAsciiLetterOrDigit(c) && c != '-' && c != '_') {
				throw new InvalidBucketNameException(bucket, "character '" + c + "' at index " + i
						+ " is not allowed; a bucket name holds only letters, digits, '-' and '_'");
			}
		}
		return bucket;
	}

	private static String check(String key, boolean wildcards) {
		String kind = wildcards ? "a filter" : "a key";
		if (key.isEmpty()) {
			throw new InvalidKeyException(key, kind + " must not be empty");
		}
		if (key.length() > MAX_KEY_LENGTH) {
			throw new InvalidKeyException(key, kind + " must be at most " + MAX_KEY_LENGTH + " characters");
		}
		if (key.startsWith(".") || key.endsWith(".")) {
			throw new InvalidKeyException(key, kind + " must not start or end with '.'");
		}
		if (key.startsWith("_kv")) {
			throw new InvalidKeyException(key, "keys starting with '_kv' are reserved by NATS");
		}
		String[] tokens = key.split("\\.", -1);
		for (int t = 0; t < tokens.length; t++) {
			String token = tokens[t];
			if (token.isEmpty()) {
				throw new InvalidKeyException(key, "tokens between dots must not be empty ('..')");
			}
			if (token.equals("*") || token.equals(">")) {
				if (!wildcards) {
					throw new InvalidKeyException(key, "wildcard '" + token
							+ "' is only allowed in watch and key-listing filters, not in a key");
				}
				if (token.equals(">") && t != tokens.length - 1) {
					throw new InvalidKeyException(key, "'>' must be the last token");
				}
				continue;
			}
			for (int i = 0; i < token.length(); i++) {
				char c = token.charAt(i);
				if (c == '*' || c == '>') {
					throw new InvalidKeyException(key,
							"wildcard '" + c + "' must be a whole token (" + (wildcards ? "'a.*.c'" : "not in a key") + ")");
				}
				if (!isAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '=' && c != '/') {
					throw new InvalidKeyException(key, "character '" + printable(c) + "' in token '" + KvMessages.cut(token)
							+ "' is not allowed; a token holds only " + TOKEN_CHARACTERS);
				}
			}
		}
		return key;
	}

	/**
	 * Whether a key matches a filter: tokens compared one by one, {@code *} matching any one token and {@code >}
	 * any one or more remaining tokens.
	 */
	static boolean matches(String filter, String key) {
		String[] filterTokens = filter.split("\\.", -1);
		String[] keyTokens = key.split("\\.", -1);
		for (int i = 0; i < filterTokens.length; i++) {
			if (filterTokens[i].equals(">")) {
				return keyTokens.length > i;
			}
			if (i >= keyTokens.length || !(filterTokens[i].equals("*") || filterTokens[i].equals(keyTokens[i]))) {
				return false;
			}
		}
		return filterTokens.length == keyTokens.length;
	}

	private static boolean isAsciiLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static String printable(char c) {
		return Character.isWhitespace(c) || Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
				: String.valueOf(c);
	}

}
