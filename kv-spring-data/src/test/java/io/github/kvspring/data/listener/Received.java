package io.github.kvspring.data.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What listener methods received, by listener name.
 */
class Received {

	private final Map<String, List<String>> byListener = new ConcurrentHashMap<>();

	void add(String listener, String what) {
		this.byListener.computeIfAbsent(listener, (name) -> new CopyOnWriteArrayList<>()).add(what);
	}

	List<String> of(String listener) {
		return this.byListener.getOrDefault(listener, List.of());
	}

	void clear() {
		this.byListener.clear();
	}

}
