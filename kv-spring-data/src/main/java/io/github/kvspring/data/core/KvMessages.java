package io.github.kvspring.data.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps user input in exception messages to a readable length: a 100 KB key must not make a 100 KB message.
 */
final class KvMessages {

	/**
	 * The most characters of one piece of user input (a key, a value, a server's words) a message repeats.
	 */
	static final int MAX_SHOWN = 100;

	private KvMessages() {
	}

	/**
	 * The text itself if short, else its first {@value #MAX_SHOWN} characters and its length.
	 * @param text user input
	 * @return the text, cut to a readable length
	 */
	static String cut(String text) {
		return (text.length() <= MAX_SHOWN) ? text
				: text.substring(0, MAX_SHOWN) + "… (" + text.length() + " characters)";
	}

	/**
	 * Keys for a message: each quoted and cut, the first five named and the rest counted.
	 * @param keys the keys
	 * @return for example {@code "keys 'a', 'b' and 3 more"}
	 */
	static String keys(List<String> keys) {
		int shown = Math.min(keys.size(), 5);
		String named = keys.subList(0, shown).stream().map((key) -> "'" + cut(key) + "'")
			.collect(Collectors.joining(", "));
		return ((keys.size() == 1) ? "key " : "keys ") + named
				+ ((keys.size() > shown) ? " and " + (keys.size() - shown) + " more" : "");
	}

}
