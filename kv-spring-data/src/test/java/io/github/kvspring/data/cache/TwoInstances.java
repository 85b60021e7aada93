package io.github.kvspring.data.cache;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.nats.client.Connection;

/**
 * Two application instances sharing caches with near caches: "here" on the test's connection, "there" on a
 * connection of its own, each with its own cache manager.
 */
final class TwoInstances {

	final Connection otherConnection;

	final KvCacheManager here;

	final KvCacheManager there;

	/**
	 * @param nearCacheSize how many entries each near cache holds
	 * @param hereBuilder adds to the configuration of "here"'s manager
	 */
	TwoInstances(NatsServer server, Connection connection, int nearCacheSize,
			UnaryOperator<KvCacheManager.Builder> hereBuilder) {
		this.otherConnection = NatsServerExtension.connect(List.of(server.url()));
		KvCacheConfiguration near = KvCacheConfiguration.defaultCacheConfig().enableNearCache(nearCacheSize);
		this.here = hereBuilder.apply(KvCacheManager.builder(new KeyValueTemplate(connection))
			.cacheDefaults(near)
			.nearCacheCheckInterval(Duration.ofMillis(200))).build();
		this.there = KvCacheManager.builder(new KeyValueTemplate(this.otherConnection)).cacheDefaults(near).build();
	}

	KvCache here(String name) {
		return (KvCache) this.here.getCache(name);
	}

	KvCache there(String name) {
		return (KvCache) this.there.getCache(name);
	}

	void close() throws InterruptedException {
		this.here.destroy();
		this.there.destroy();
		this.otherConnection.close();
	}

}
