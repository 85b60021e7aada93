package io.github.kvspring.data.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.github.kvspring.data.convert.KvValueConversionException;

/**
 * Records what a watch delivers, for assertions with Awaitility.
 */
class RecordingListener<T> implements KvWatchListener<T> {

	final List<KvEntry<T>> entries = new CopyOnWriteArrayList<>();

	final List<String> conversionFailures = new CopyOnWriteArrayList<>();

	final CountDownLatch endOfInitialData = new CountDownLatch(1);

	volatile int entriesAtEndOfInitialData = -1;

	@Override
	public void onEntry(KvEntry<T> entry) {
		this.entries.add(entry);
	}

	@Override
	public void onEndOfInitialData() {
		this.entriesAtEndOfInitialData = this.entries.size();
		this.endOfInitialData.countDown();
	}

	@Override
	public void onConversionFailure(String key, long revision, KvValueConversionException failure) {
		this.conversionFailures.add(key + "@" + revision);
	}

	List<String> keys() {
		return this.entries.stream().map(KvEntry::key).toList();
	}

	List<String> describe() {
		return this.entries.stream().map((entry) -> entry.operation() + " " + entry.key() + "=" + entry.value()).toList();
	}

}
