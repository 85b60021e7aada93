package io.github.kvspring.data.core;

/**
 * How a bucket and its keys map onto JetStream: stream {@code KV_<bucket>}, subject
 * {@code $KV.<bucket>.<key>}.
 */
final class KvSubjects {

	private KvSubjects() {
	}

	static String stream(String bucket) {
		return "KV_" + bucket;
	}

	static String prefix(String bucket) {
		return "$KV." + bucket + ".";
	}

	static String subject(String bucket, String key) {
		return prefix(bucket) + key;
	}

	static String key(String bucket, String subject) {
		return subject.substring(prefix(bucket).length());
	}

}
