package io.github.kvspring.data.core;

/**
 * Key filters as the server reads them: tokens separated by dots, {@code *} matching one token, {@code >} (last)
 * matching one or more. Used by serializable transactions to find which keys a range read covers and the narrowest
 * filter that covers several keys and ranges.
 */
final class KvKeyFilters {

	/** The filter that covers every key of a bucket. */
	static final String EVERY_KEY = ">";

	private KvKeyFilters() {
	}

	/**
	 * Whether a key matches a filter.
	 * @param filter a valid filter
	 * @param key a valid key
	 * @return whether the server would deliver the key to a consumer of the filter
	 */
	static boolean matches(String filter, String key) {
		String[] pattern = tokens(filter);
		String[] subject = tokens(key);
		for (int i = 0; i < pattern.length; i++) {
			if (pattern[i].equals(EVERY_KEY)) {
				return subject.length > i;
			}
			if (i >= subject.length || !(pattern[i].equals("*") || pattern[i].equals(subject[i]))) {
				return false;
			}
		}
		return pattern.length == subject.length;
	}

	/**
	 * The narrowest filter of the forms {@code a.*.c} (as many tokens as both, {@code *} where they differ) or
	 * {@code a.*.>} (their common leading tokens, {@code *} where they differ, then {@code >}) that matches every
	 * key either of two keys or filters matches.
	 * @param first a key or filter
	 * @param second another key or filter
	 * @return a filter matching both, {@value #EVERY_KEY} if they share no leading token
	 */
	static String cover(String first, String second) {
		String[] a = tokens(first);
		String[] b = tokens(second);
		boolean fullWildcard = a[a.length - 1].equals(EVERY_KEY) || b[b.length - 1].equals(EVERY_KEY);
		if (!fullWildcard && a.length == b.length) {
			return join(a, b, a.length, false);
		}
		// ">" needs at least one token after the prefix: the prefix is shorter than either side.
		int prefix = Math.min(a.length, b.length) - 1;
		return (prefix == 0) ? EVERY_KEY : join(a, b, prefix, true);
	}

	private static String join(String[] a, String[] b, int length, boolean fullWildcard) {
		StringBuilder filter = new StringBuilder();
		for (int i = 0; i < length; i++) {
			if (i > 0) {
				filter.append('.');
			}
			filter.append(a[i].equals(b[i]) ? a[i] : "*");
		}
		return fullWildcard ? filter.append(".>").toString() : filter.toString();
	}

	/**
	 * How narrow a filter is, to choose among covers: two points per literal token, one more without {@code >}.
	 * @param filter a filter
	 * @return the score, higher for narrower filters; 0 for {@value #EVERY_KEY}
	 */
	static int narrowness(String filter) {
		int score = 0;
		String[] tokens = tokens(filter);
		for (String token : tokens) {
			if (!token.equals("*") && !token.equals(EVERY_KEY)) {
				score += 2;
			}
		}
		return tokens[tokens.length - 1].equals(EVERY_KEY) ? score : score + 1;
	}

	private static String[] tokens(String filter) {
		return filter.split("\\.", -1);
	}

}
