package io.github.kvspring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decentralized authentication: a server in operator mode (an operator, a JetStream-enabled account, a user,
 * all made here with jnats' JWT support) and {@code nats.credentials} pointing at the user's creds file.
 */
class NatsCredentialsIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void whenCredentialsFileThenConnectedAndKvWorks() throws Exception {
		NKey operator = NKey.createOperator(null);
		NKey account = NKey.createAccount(null);
		NKey system = NKey.createAccount(null);
		NKey user = NKey.createUser(null);
		String systemPublic = new String(system.getPublicKey());
		String operatorPublic = new String(operator.getPublicKey());
		String accountPublic = new String(account.getPublicKey());
		long now = JwtUtils.currentTimeSeconds();
		String operatorJwt = JwtUtils.issueJWT(operator, operatorPublic, "test-operator", null, now, operatorPublic,
				claim("{\"type\":\"operator\",\"version\":2}"));
		String accountJwt = JwtUtils.issueJWT(operator, accountPublic, "test-account", null, now, operatorPublic,
				claim("{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,"
						+ "\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
						+ "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}"));
		String systemJwt = JwtUtils.issueJWT(operator, systemPublic, "SYS", null, now, operatorPublic,
				claim("{\"type\":\"account\",\"version\":2}"));
		String userJwt = JwtUtils.issueUserJWT(account, accountPublic, new String(user.getPublicKey()), "test-user");
		Path creds = this.directory.resolve("user.creds");
		Files.writeString(creds, String.format(JwtUtils.NATS_USER_JWT_FORMAT, userJwt, new String(user.getSeed())));

		try (NatsServer server = NatsServer.builder()
			.configuration("operator: " + operatorJwt + "\nsystem_account: " + systemPublic
					+ "\nresolver: MEMORY\nresolver_preload: { " + accountPublic + ": " + accountJwt + ", " + systemPublic
					+ ": " + systemJwt + " }")
			.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class))
				.withPropertyValues("nats.servers=" + server.url(), "nats.credentials=file:" + creds,
						"nats.kv.buckets.operator-mode.history=2")
				.run((context) -> {
					assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
					assertThat(context.getBean(KvBucketAdmin.class).info("operator-mode")).isNotNull();
					KeyValueTemplate template = context.getBean(KeyValueTemplate.class);
					template.put("operator-mode", "k", "signed in");
					assertThat(template.get("operator-mode", "k", String.class).value()).isEqualTo("signed in");
				});
		}
	}

	private static JsonSerializable claim(String json) {
		return () -> json;
	}

}
