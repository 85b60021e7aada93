package io.github.kvspring.data.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;

/**
 * The value loads of one cache in this application, one at a time per key: a caller that finds a load of its key
 * running waits for that load's value (or failure) instead of running its own loader.
 */
final class KvCacheLoads {

	/** The loads running, by KV key, completing with the value as stored. */
	private final ConcurrentMap<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();

	private final Executor executor;

	KvCacheLoads(Executor executor) {
		this.executor = executor;
	}

	/**
	 * Runs a loader and stores its value, or waits for the load of the key already running.
	 * @throws Cache.ValueRetrievalException if the loader fails
	 */
	@SuppressWarnings("unchecked")
	<T> @Nullable T load(Object key, String kvKey, Callable<T> loader, Consumer<@Nullable T> store) {
		CompletableFuture<Object> load = new CompletableFuture<>();
		CompletableFuture<Object> other = this.running.putIfAbsent(kvKey, load);
		if (other != null) {
			return (T) KvCacheValues.valueOf(await(key, loader, other));
		}
		try {
			T value;
			try {
				value = loader.call();
			}
			catch (Exception ex) {
				throw new Cache.ValueRetrievalException(key, loader, ex);
			}
			store.accept(value);
			load.complete((value != null) ? value : NullValue.INSTANCE);
			return value;
		}
		catch (RuntimeException | Error ex) {
			load.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.running.remove(kvKey, load);
		}
	}

	/**
	 * Runs an asynchronous loader and stores its value on the executor, or joins the load of the key already
	 * running.
	 */
	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> loadAsync(String kvKey, Supplier<CompletableFuture<T>> loader,
			Consumer<@Nullable T> store) {
		CompletableFuture<Object> load = new CompletableFuture<>();
		CompletableFuture<Object> other = this.running.putIfAbsent(kvKey, load);
		if (other != null) {
			return other.thenApply((stored) -> (T) KvCacheValues.valueOf(stored));
		}
		CompletableFuture<T> loaded;
		try {
			loaded = loader.get();
		}
		catch (RuntimeException ex) {
			this.running.remove(kvKey, load);
			load.completeExceptionally(ex);
			return CompletableFuture.failedFuture(ex);
		}
		return loaded.thenApplyAsync((value) -> {
			store.accept(value);
			return value;
		}, this.executor).whenComplete((value, failure) -> {
			this.running.remove(kvKey, load);
			if (failure != null) {
				load.completeExceptionally(failure);
			}
			else {
				load.complete((value != null) ? value : NullValue.INSTANCE);
			}
		});
	}

	private static Object await(Object key, Callable<?> loader, CompletableFuture<Object> other) {
		try {
			return other.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Cache.ValueRetrievalException(key, loader, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new Cache.ValueRetrievalException(key, loader, cause);
		}
	}

}
