package io.github.kvspring.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerContainerFactory;
import io.github.kvspring.data.listener.KvListenerEndpoint;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;

/**
 * How long after a server restart a listener receives again: a {@code @KvListener} container against a plain
 * jnats watch, both on connections that reconnect every 250 ms. The clock starts when the restarted server is
 * healthy; a put is then made and the time until each watcher receives it is reported.
 */
public final class ResumeCheck {

	private ResumeCheck() {
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		try (NatsServer server = NatsServer.startJetStream();
				Connection listenerConnection = connect(server);
				Connection rawConnection = connect(server);
				Connection writerConnection = connect(server)) {
			new KvBucketAdmin(writerConnection).create(KvBucketDefinition.builder("resume").build());
			KeyValueTemplate writer = new KeyValueTemplate(writerConnection);
			CountDownLatch listenerGot = new CountDownLatch(1);
			CountDownLatch rawGot = new CountDownLatch(1);
			KvListenerContainer container = new KvListenerContainerFactory(new KeyValueTemplate(listenerConnection))
				.createContainer(KvListenerEndpoint.of("resume", "resume", (entry) -> {
					if (entry.key().equals("after")) {
						listenerGot.countDown();
					}
				}));
			container.start();
			KeyValue raw = rawConnection.keyValue("resume");
			try (var watch = raw.watchAll(new KeyValueWatcher() {
				@Override
				public void watch(KeyValueEntry entry) {
					if (entry.getKey().equals("after")) {
						rawGot.countDown();
					}
				}

				@Override
				public void endOfData() {
				}
			}, KeyValueWatchOption.UPDATES_ONLY)) {
				writer.put("resume", "before", "1");
				server.restart();
				long back = System.nanoTime();
				while (true) {
					try {
						writer.put("resume", "after", "2");
						break;
					}
					catch (RuntimeException ex) {
						// The writer's connection is still coming back.
					}
				}
				double listener = await(listenerGot, back);
				double plain = await(rawGot, back);
				String report = String.format(Locale.ROOT, """
						# Receiving again after a server restart

						Measured %s, Java %s, nats-server %s on 127.0.0.1; connections reconnect every 250 ms. Time from
						the restarted server being healthy to the watcher receiving a put made then (at most 60 s waited).

						| watcher | first entry after the restart |
						|---|---|
						| `@KvListener` container (re-watches from the last revision on reconnect) | %s |
						| plain jnats `KeyValue.watchAll` | %s |

						Regenerate with `mvn -q install -DskipTests && mvn -q -pl benchmarks exec:exec@resume`.
						""", LocalDate.now(), System.getProperty("java.version"), server.binary().version(),
						seconds(listener), seconds(plain));
				Markdown.write(output, "benchmarks-resume.md", report);
			}
			finally {
				container.stop();
			}
		}
	}

	private static Connection connect(NatsServer server) throws Exception {
		return Nats.connect(Options.builder().server(server.url()).reconnectWait(Duration.ofMillis(250))
			.maxReconnects(-1).errorListener(new io.nats.client.ErrorListener() {
			}).build());
	}

	private static double await(CountDownLatch latch, long since) throws InterruptedException {
		return latch.await(60, TimeUnit.SECONDS) ? (System.nanoTime() - since) / 1e9 : -1;
	}

	private static String seconds(double value) {
		return (value < 0) ? "not within 60 s" : String.format(Locale.ROOT, "%.2f s", value);
	}

}
