package io.github.kvspring.data.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages, slices, {@code Top} queries and {@code findAll(Pageable)} over 100,000 entities that would need about 100 MB in memory, run in a
 * JVM with a 64 MiB heap: they keep only what they return (offset + size, or the limit) while scanning.
 */
@WithNatsServer(isolated = true)
class KvPagingIntegrationTests {

	private static final int COUNT = 100_000;

	@Test
	void whenPagedQueryRunsOverManyEntitiesInSmallHeapThenItReturnsThePageWithoutRunningOutOfMemory(
			NatsServer server, Connection connection) throws Exception {
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder("repo-paged").build());
		KvEntityTemplate entities = new KvEntityTemplate(new KeyValueTemplate(connection), new KvMappingContext());
		String payload = "x".repeat(1_000);
		for (int start = 0; start < COUNT; start += 10_000) {
			List<PagedItem> chunk = new ArrayList<>();
			for (int i = start; i < start + 10_000; i++) {
				chunk.add(new PagedItem(String.format("%06d", i), "all", i, payload));
			}
			entities.saveAll(chunk);
		}

		List<String> output = runInSmallHeap(server.url());

		assertThat(output).containsExactly(
				"page " + COUNT + " " + ids(IntStream.range(0, 20).map((i) -> COUNT - 41 - i)),
				"slice true " + ids(IntStream.range(20, 40)),
				"top " + ids(IntStream.range(0, 5).map((i) -> COUNT - 1 - i)),
				"findAll " + COUNT + " " + ids(IntStream.range(0, 10).map((i) -> COUNT - 1 - i)));
	}

	private static String ids(IntStream numbers) {
		return numbers.mapToObj((i) -> String.format("%06d", i)).collect(Collectors.joining(","));
	}

	private static List<String> runInSmallHeap(String url) throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
				PagedQueryInSmallHeap.class.getName(), url).redirectErrorStream(true).start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the query JVM ends").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		return output.lines().filter((line) -> line.matches("(page|slice|top|findAll) .*")).toList();
	}

}
