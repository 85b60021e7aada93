package io.github.kvspring.data.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.core.KvBucketNotFoundException;
import io.github.kvspring.data.core.KvBucketPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.cache.transaction.AbstractTransactionSupportingCacheManager;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * A {@link org.springframework.cache.CacheManager} of {@link KvCache}s on the connection of a {@link KeyValueTemplate}
 * (through a template of its own, so that cache operations never join a {@code KvTransactionManager}'s
 * transactions), built with
 * {@link #builder(KeyValueTemplate)}: the caches named up front, each with its {@link KvCacheConfiguration}, and
 * any other cache asked for by name with the default configuration (unless that is turned off). A cache's bucket is
 * created, checked or left alone as the {@link KvBucketPolicy} says when the cache is first used. With
 * {@link Builder#transactionAware()}, puts and evictions inside a Spring-managed transaction happen after its
 * commit, and not at all after a rollback.
 * <p>
 * Works without a Spring context too: build it, call {@link #getCache(String)}, and {@link #destroy()} it at the
 * end (which stops the near caches and the threads the manager started).
 */
public class KvCacheManager extends AbstractTransactionSupportingCacheManager implements DisposableBean {

	/**
	 * The manager's own template over the application's connection: the key of a {@code KvTransactionManager}'s
	 * transactions is the application's template, so cache operations never join them (inside one, a cache write
	 * would be refused or held back with the transaction's writes).
	 */
	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final KvCacheConfiguration defaults;

	private final Map<String, KvCacheConfiguration> initialCaches;

	private final boolean allowRuntimeCacheCreation;

	private final KvBucketPolicy bucketPolicy;

	private final Duration nearCacheCheckInterval;

	private final @Nullable Executor userExecutor;

	/** The caches created, so that initializing twice reuses them. */
	private final Map<String, KvCache> created = new ConcurrentHashMap<>();

	/** Which cache uses each bucket on its own: a bucket of its own is shared with no other cache. */
	private final Map<String, String> bucketOwners = new ConcurrentHashMap<>();

	private final Object threadsLock = new Object();

	private @Nullable ExecutorService ownExecutor;

	private @Nullable ScheduledExecutorService scheduler;

	private KvCacheManager(Builder builder) {
		this.template = new KeyValueTemplate(builder.template.getConnection(), KvValueConverters.bytes(),
				builder.template.getJetStreamOptions());
		this.admin = new KvBucketAdmin(builder.template.getConnection(), builder.template.getJetStreamOptions());
		this.defaults = builder.defaults;
		this.initialCaches = Collections.unmodifiableMap(new LinkedHashMap<>(builder.initialCaches));
		this.allowRuntimeCacheCreation = builder.allowRuntimeCacheCreation;
		this.bucketPolicy = builder.bucketPolicy;
		this.nearCacheCheckInterval = builder.nearCacheCheckInterval;
		this.userExecutor = builder.asyncExecutor;
		setTransactionAware(builder.transactionAware);
	}

	/**
	 * A builder of a cache manager over the template.
	 * @param template the template
	 * @return the builder
	 */
	public static Builder builder(KeyValueTemplate template) {
		return new Builder(template);
	}

	/**
	 * A cache manager with the defaults: any cache asked for is created with
	 * {@link KvCacheConfiguration#defaultCacheConfig()}, its bucket created if missing.
	 * @param template the template
	 * @return the cache manager
	 */
	public static KvCacheManager create(KeyValueTemplate template) {
		return builder(template).build();
	}

	@Override
	protected Collection<? extends Cache> loadCaches() {
		List<KvCache> caches = new ArrayList<>();
		this.initialCaches.forEach((name, configuration) -> caches.add(createCache(name, configuration)));
		return caches;
	}

	/**
	 * A cache named up front (before the manager is initialized) with its configuration, or any other with the
	 * defaults unless creation on demand is off.
	 */
	@Override
	protected @Nullable Cache getMissingCache(String name) {
		KvCacheConfiguration configured = this.initialCaches.get(name);
		if (configured != null) {
			return createCache(name, configured);
		}
		return this.allowRuntimeCacheCreation ? createCache(name, this.defaults) : null;
	}

	/**
	 * Creates a cache, or returns the one created before: its bucket checked under the bucket policy, its near
	 * cache (if any) watching.
	 * @param name the cache name
	 * @param configuration its configuration
	 * @return the cache
	 */
	protected KvCache createCache(String name, KvCacheConfiguration configuration) {
		return this.created.computeIfAbsent(name, (key) -> newCache(name, configuration));
	}

	private KvCache newCache(String name, KvCacheConfiguration configuration) {
		KvBucketDefinition definition = configuration.bucketDefinition(name);
		String bucket = definition.name();
		claimBucket(name, bucket, configuration.isSharedBucket());
		KvBucketInfo info = this.admin.apply(definition, this.bucketPolicy);
		if (info == null) {
			info = this.admin.info(bucket);
			if (info == null) {
				throw new KvBucketNotFoundException(bucket, null);
			}
		}
		Duration bucketTtl = info.definition().ttl();
		KvCacheStatistics statistics = new KvCacheStatistics();
		KvNearCache nearCache = null;
		if (configuration.getNearCacheMaximumSize() > 0) {
			String filter = new KvCacheKeys(name, configuration.isSharedBucket(), configuration.getConversionService())
				.filter();
			nearCache = new KvNearCache(name, bucket, filter, this.template, this.template.getConnection(), scheduler(),
					this.nearCacheCheckInterval, configuration.getNearCacheMaximumSize(), statistics);
		}
		KvCache cache = new KvCache(name, configuration, this.template, bucketTtl, statistics, nearCache,
				asyncExecutor());
		if (nearCache != null) {
			nearCache.start();
		}
		return cache;
	}

	/**
	 * Refuses a bucket of its own that another cache uses, and a shared bucket that is another cache's own.
	 */
	private void claimBucket(String name, String bucket, boolean shared) {
		String owner = shared ? this.bucketOwners.putIfAbsent(bucket, "") : this.bucketOwners.putIfAbsent(bucket, name);
		if (owner != null && !owner.equals(name) && !(shared && owner.isEmpty())) {
			throw new IllegalStateException("Cache '" + name + "' cannot use bucket '" + bucket + "': "
					+ (owner.isEmpty() ? "other caches share it, each key prefixed with its cache's name; make this "
							+ "cache share it too (sharedBucket) or give it another bucket"
							: "it is the bucket of cache '" + owner + "' alone (a clear of either would remove the "
									+ "other's entries); give each its own bucket or make both share it (sharedBucket)"));
		}
	}

	/**
	 * The default configuration, of caches created on demand.
	 * @return the configuration
	 */
	public KvCacheConfiguration getDefaultCacheConfiguration() {
		return this.defaults;
	}

	/**
	 * The configurations of the caches named up front.
	 * @return the configurations by cache name
	 */
	public Map<String, KvCacheConfiguration> getCacheConfigurations() {
		return this.initialCaches;
	}

	/**
	 * Whether caches not named up front are created when asked for.
	 * @return whether they are
	 */
	public boolean isAllowRuntimeCacheCreation() {
		return this.allowRuntimeCacheCreation;
	}

	private Executor asyncExecutor() {
		Executor executor = this.userExecutor;
		if (executor != null) {
			return executor;
		}
		synchronized (this.threadsLock) {
			if (this.ownExecutor == null) {
				int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
				ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
						new LinkedBlockingQueue<>(), daemonThreads("kv-cache-"));
				pool.allowCoreThreadTimeOut(true);
				this.ownExecutor = pool;
			}
			return this.ownExecutor;
		}
	}

	private ScheduledExecutorService scheduler() {
		synchronized (this.threadsLock) {
			if (this.scheduler == null) {
				ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
						daemonThreads("kv-near-cache-"));
				scheduler.setRemoveOnCancelPolicy(true);
				this.scheduler = scheduler;
			}
			return this.scheduler;
		}
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Stops every near cache (its watch, its server consumer and its checks) and the threads this manager started.
	 */
	@Override
	public void destroy() {
		this.created.values().forEach(KvCache::close);
		synchronized (this.threadsLock) {
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
			}
			if (this.ownExecutor != null) {
				this.ownExecutor.shutdown();
			}
		}
	}

	/**
	 * Builds a {@link KvCacheManager}.
	 */
	public static final class Builder {

		private final KeyValueTemplate template;

		private KvCacheConfiguration defaults = KvCacheConfiguration.defaultCacheConfig();

		private final Map<String, KvCacheConfiguration> initialCaches = new LinkedHashMap<>();

		private boolean allowRuntimeCacheCreation = true;

		private boolean transactionAware;

		private KvBucketPolicy bucketPolicy = KvBucketPolicy.CREATE;

		private Duration nearCacheCheckInterval = Duration.ofSeconds(1);

		private @Nullable Executor asyncExecutor;

		private Builder(KeyValueTemplate template) {
			Assert.notNull(template, "'template' must not be null");
			this.template = template;
		}

		/**
		 * Sets the configuration of caches that have none of their own, including those created on demand.
		 * @param defaults the configuration
		 * @return this builder
		 */
		public Builder cacheDefaults(KvCacheConfiguration defaults) {
			Assert.notNull(defaults, "'defaults' must not be null");
			this.defaults = defaults;
			return this;
		}

		/**
		 * Names caches created up front with the default configuration set so far.
		 * @param cacheNames the cache names
		 * @return this builder
		 */
		public Builder initialCacheNames(Collection<String> cacheNames) {
			cacheNames.forEach((name) -> this.initialCaches.putIfAbsent(name, this.defaults));
			return this;
		}

		/**
		 * Names a cache created up front with its own configuration.
		 * @param cacheName the cache name
		 * @param configuration its configuration
		 * @return this builder
		 */
		public Builder withCacheConfiguration(String cacheName, KvCacheConfiguration configuration) {
			Assert.hasText(cacheName, "'cacheName' must not be empty");
			Assert.notNull(configuration, () -> "The configuration of cache '" + cacheName + "' must not be null");
			this.initialCaches.put(cacheName, configuration);
			return this;
		}

		/**
		 * Creates only the caches named up front: asking for another gives {@code null}.
		 * @return this builder
		 */
		public Builder disableCreateOnMissingCache() {
			this.allowRuntimeCacheCreation = false;
			return this;
		}

		/**
		 * Makes puts and evictions inside a Spring-managed transaction happen after its commit.
		 * @return this builder
		 */
		public Builder transactionAware() {
			this.transactionAware = true;
			return this;
		}

		/**
		 * Sets what happens to a cache's bucket when the cache is created.
		 * @param bucketPolicy create (the default: create when missing, else check), validate, create-or-update or
		 * none
		 * @return this builder
		 */
		public Builder bucketPolicy(KvBucketPolicy bucketPolicy) {
			Assert.notNull(bucketPolicy, "'bucketPolicy' must not be null");
			this.bucketPolicy = bucketPolicy;
			return this;
		}

		/**
		 * Sets how often each near cache asks whether its watch has caught up with the bucket, and how long it waits
		 * for the answer: a watch that died without a sign is noticed within about twice this time.
		 * @param interval the interval, one second by default
		 * @return this builder
		 */
		public Builder nearCacheCheckInterval(Duration interval) {
			Assert.isTrue(interval.toMillis() > 0, () -> "The near cache check interval must be positive but was "
					+ interval);
			this.nearCacheCheckInterval = interval;
			return this;
		}

		/**
		 * Sets the executor that asynchronous retrievals read the bucket on; by default a pool of daemon threads the
		 * manager owns.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder asyncExecutor(Executor executor) {
			this.asyncExecutor = Objects.requireNonNull(executor, "'executor' must not be null");
			return this;
		}

		/**
		 * The cache names configured so far.
		 * @return the names
		 */
		public List<String> getConfiguredCacheNames() {
			return List.copyOf(this.initialCaches.keySet());
		}

		/**
		 * Builds the cache manager; its caches and buckets are created when it is initialized (by the Spring
		 * context, or {@link KvCacheManager#initializeCaches()}) or when first asked for.
		 * @return the cache manager
		 */
		public KvCacheManager build() {
			return new KvCacheManager(this);
		}

	}

}
