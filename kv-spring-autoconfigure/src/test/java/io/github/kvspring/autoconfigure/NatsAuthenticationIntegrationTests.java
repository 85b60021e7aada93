package io.github.kvspring.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way to authenticate against a real server that requires it, and the failures that must not leak a
 * secret.
 */
class NatsAuthenticationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class));

	@Test
	void whenUserAndPasswordThenConnected() {
		try (NatsServer server = NatsServer.builder()
			.configuration("authorization { user: app, password: \"s3cret-pw\" }")
			.start()) {
			this.runner.withPropertyValues("nats.servers=" + server.url(), "nats.username=app", "nats.password=s3cret-pw")
				.run((context) -> {
					assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
					assertThat(context.getBean(KeyValueTemplate.class)).isNotNull();
				});
		}
	}

	@Test
	void whenTokenThenConnected() {
		try (NatsServer server = NatsServer.builder().configuration("authorization { token: \"t0ken-value\" }").start()) {
			this.runner.withPropertyValues("nats.servers=" + server.url(), "nats.token=t0ken-value")
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
		}
	}

	@Test
	void whenNkeySeedThenConnected() throws Exception {
		NKey user = NKey.createUser(null);
		String publicKey = new String(user.getPublicKey());
		try (NatsServer server = NatsServer.builder()
			.configuration("authorization { users = [ { nkey: " + publicKey + " } ] }")
			.start()) {
			this.runner.withPropertyValues("nats.servers=" + server.url(), "nats.nkey-seed=" + new String(user.getSeed()))
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
		}
	}

	@Test
	void whenPasswordWrongThenStartupFailsWithTheActionAndNoSecretAnywhere() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		PrintStream originalErr = System.err;
		PrintStream originalOut = System.out;
		try (NatsServer server = NatsServer.builder()
			.configuration("authorization { user: app, password: \"right-pw\" }")
			.start()) {
			System.setErr(new PrintStream(output, true, StandardCharsets.UTF_8));
			System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
			String url = server.url().replace("nats://", "nats://app:wrong-pw-in-url@");
			this.runner.withPropertyValues("nats.servers=" + url, "nats.username=app", "nats.password=wrong-pw")
				.run((context) -> {
					assertThat(context).hasFailed();
					Throwable failure = context.getStartupFailure();
					FailureAnalysis analysis = Diagnostics.analyze(failure);
					assertThat(analysis.getDescription()).contains("refused the connection's credentials");
					assertThat(analysis.getAction()).contains("nats.username and nats.password");
					String everything = analysis.getDescription() + analysis.getAction() + messages(failure);
					assertThat(everything).doesNotContain("wrong-pw").doesNotContain("right-pw");
				});
		}
		finally {
			System.setErr(originalErr);
			System.setOut(originalOut);
		}
		assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("wrong-pw");
	}

	@Test
	void whenNoServerThenStartupFailsSayingWhereAndWhatToDo() {
		this.runner.withPropertyValues("nats.servers=nats://user:hidden-pw@127.0.0.1:1", "nats.connection-timeout=500ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = Diagnostics.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("No NATS server could be reached at [nats://***@127.0.0.1:1]");
				assertThat(analysis.getAction()).contains("nats.servers");
				assertThat(analysis.getDescription() + messages(context.getStartupFailure())).doesNotContain("hidden-pw");
			});
	}

	@Test
	void whenServerHasNoJetStreamAndBucketsAreDeclaredThenStartupSaysSo() {
		try (NatsServer server = NatsServer.builder().jetStream(false).start()) {
			this.runner.withPropertyValues("nats.servers=" + server.url(), "nats.kv.buckets.orders.history=1")
				.run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = Diagnostics.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains("JetStream disabled", "[orders]");
					assertThat(analysis.getAction()).contains("-js");
				});
		}
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			all.append(current.getMessage()).append('\n');
		}
		return all.toString();
	}

}
