package io.github.kvspring.data.core;

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

}
