package io.github.kvspring.benchmarks;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * Saves a number of entities (a million by default), then reads them all back through a repository's lazy
 * {@code Stream} in the heap the JVM was given ({@code -Xmx256m} by the exec configuration), and writes the
 * largest heap use seen to {@code benchmarks-stream.md}.
 */
public final class StreamMemoryCheck {

	private StreamMemoryCheck() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		Path output = Path.of((args.length > 1) ? args[1] : "docs");
		try (NatsServer server = NatsServer.startJetStream();
				Connection connection = Nats.connect(Options.builder().server(server.url())
					.errorListener(new io.nats.client.ErrorListener() {
					})
					.build())) {
			new KvBucketAdmin(connection).create(KvBucketDefinition.builder("bench-items").build());
			KeyValueTemplate template = new KeyValueTemplate(connection);
			ItemRepository items = new KvRepositoryFactory(new KvEntityTemplate(template, new KvMappingContext()))
				.getRepository(ItemRepository.class);
			long saveStart = System.nanoTime();
			for (int from = 0; from < count; from += 10_000) {
				int start = from;
				List<Item> chunk = IntStream.range(start, Math.min(count, start + 10_000))
					.mapToObj((i) -> Item.numbered("i", i))
					.toList();
				items.saveAll(chunk);
			}
			double saveSeconds = (System.nanoTime() - saveStart) / 1e9;
			System.gc();
			Runtime runtime = Runtime.getRuntime();
			long maxUsed = 0;
			long seen = 0;
			long streamStart = System.nanoTime();
			try (Stream<Item> all = items.streamByScoreGreaterThanEqual(0)) {
				for (Item item : (Iterable<Item>) all::iterator) {
					seen++;
					if (seen % 10_000 == 0) {
						maxUsed = Math.max(maxUsed, runtime.totalMemory() - runtime.freeMemory());
					}
				}
			}
			double streamSeconds = (System.nanoTime() - streamStart) / 1e9;
			String report = String.format(java.util.Locale.ROOT, """
					# Streaming %,d entities in a bounded heap

					Measured %s, Java %s, max heap %d MiB, nats-server %s on 127.0.0.1.

					| step | figure |
					|---|---|
					| saveAll in chunks of 10,000 | %,.0f entities/s |
					| entities streamed through `Stream<Item> streamByScoreGreaterThanEqual(0)` | %,d |
					| stream throughput | %,.0f entities/s |
					| largest heap use seen while streaming | %,d MiB |

					Regenerate with `mvn -q install -DskipTests && mvn -q -pl benchmarks exec:exec@stream-memory`.
					""", count, LocalDate.now(), System.getProperty("java.version"), runtime.maxMemory() / (1024 * 1024),
					server.binary().version(), count / saveSeconds, seen, seen / streamSeconds,
					maxUsed / (1024 * 1024));
			Markdown.write(output, "benchmarks-stream.md", report);
			if (seen != count) {
				throw new IllegalStateException("Streamed " + seen + " of " + count + " entities");
			}
		}
	}

}
