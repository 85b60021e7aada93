package io.github.kvspring.data.listener;

import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvGroupSettings;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.test.NatsServerExtension;
import io.nats.client.Connection;

/**
 * A group member in a JVM of its own, for tests that kill it: joins the group given on the command line and writes
 * {@code key revision} of each entry it handles to a file, flushed before the method returns (so before the
 * acknowledgement). Arguments: server URL, bucket, group, output file.
 */
public final class KvGroupMemberMain {

	private KvGroupMemberMain() {
	}

	/**
	 * Runs the member until the process ends.
	 * @param args server URL, bucket, group, output file
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Connection connection = NatsServerExtension.connect(List.of(args[0]));
		Writer out = new FileWriter(args[3], StandardCharsets.UTF_8);
		KvListenerContainerFactory factory = new KvListenerContainerFactory(new KeyValueTemplate(connection));
		factory.setGroupSettings(KvGroupSettings.defaults().withFailoverTimeout(Duration.ofSeconds(2)));
		KvListenerContainer container = factory.createContainer(new KvListenerEndpoint("child", args[1],
				List.of(">"), KvWatchOptions.defaults().withIncludeHistory(), 1, true, (entry) -> record(out, entry.key(), entry.revision()),
				args[2]));
		container.start();
		System.out.println("STARTED");
		System.out.flush();
		Thread.currentThread().join();
	}

	private static void record(Writer out, String key, long revision) throws IOException {
		// A method that takes a little while, so that the kill lands mid-stream.
		LockSupport.parkNanos(200_000);
		out.write(key + " " + revision + "\n");
		out.flush();
	}

}
