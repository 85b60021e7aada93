package io.github.kvspring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.UniqueNames;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS through a Spring Boot SSL bundle, against a server that requires TLS with a certificate this test makes.
 */
class NatsTlsIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void whenSslBundleNamedThenTheConnectionUsesTls() throws Exception {
		Path keyStore = this.directory.resolve("server.p12");
		keytool("-genkeypair", "-alias", "nats", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit");
		Path certificate = this.directory.resolve("server.pem");
		Path privateKey = this.directory.resolve("server-key.pem");
		writePem(keyStore, certificate, privateKey);

		try (NatsServer server = NatsServer.builder()
			.configuration("tls { cert_file: \"" + certificate + "\", key_file: \"" + privateKey + "\" }")
			.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, NatsAutoConfiguration.class,
						NatsKvAutoConfiguration.class))
				.withPropertyValues("nats.servers=" + server.url(), "nats.ssl.bundle=nats",
						"spring.ssl.bundle.jks.nats.truststore.location=file:" + keyStore,
						"spring.ssl.bundle.jks.nats.truststore.password=changeit",
						"spring.ssl.bundle.jks.nats.truststore.type=PKCS12")
				.run((context) -> {
					Connection connection = context.getBean(Connection.class);
					assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
					assertThat(connection.getServerInfo().isTLSRequired()).isTrue();
					String bucket = UniqueNames.bucket("tls");
					new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
					KeyValueTemplate template = context.getBean(KeyValueTemplate.class);
					template.put(bucket, "k", "over tls");
					assertThat(template.get(bucket, "k", String.class).value()).isEqualTo("over tls");
				});
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class))
				.withPropertyValues("nats.servers=" + server.url(), "nats.connection-timeout=1s")
				.run((context) -> assertThat(context).as("no TLS, no connection").hasFailed());
		}
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.isZero();
	}

	private static void writePem(Path keyStore, Path certificate, Path privateKey) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream input = Files.newInputStream(keyStore)) {
			store.load(input, "changeit".toCharArray());
		}
		Certificate cert = store.getCertificate("nats");
		Key key = store.getKey("nats", "changeit".toCharArray());
		Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
		Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

}
