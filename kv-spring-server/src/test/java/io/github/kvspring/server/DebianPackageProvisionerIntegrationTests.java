package io.github.kvspring.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Provisions into an empty cache as a fresh machine would, through this machine's own apt mirror, whatever the
 * user cache already holds.
 */
class DebianPackageProvisionerIntegrationTests {

	@TempDir
	Path cache;

	@Test
	void whenDebianMachineThenBinaryExtractedIntoCacheWithoutTouchingApt() throws IOException {
		DebianPackageProvisioner provisioner = new DebianPackageProvisioner(Path.of("/etc"), "sid");
		assumeTrue(provisioner.isApplicable(System.getenv("PATH")), "not a Debian machine with apt-get");
		long listsBefore = Files.getLastModifiedTime(Path.of("/var/lib/apt/lists")).toMillis();

		Path binary = provisioner.provision(this.cache);

		NatsServerVersion version = NatsServerLocator.probe(binary);
		assertThat(version.isSupported()).isTrue();
		assertThat(binary).isEqualTo(this.cache.resolve("nats-server").resolve(version.toString()).resolve("nats-server"));
		assertThat(Files.isExecutable(binary)).isTrue();
		try (var left = Files.list(this.cache)) {
			assertThat(left).as("only the versioned binary stays").containsExactly(this.cache.resolve("nats-server"));
		}
		assertThat(Files.getLastModifiedTime(Path.of("/var/lib/apt/lists")).toMillis()).isEqualTo(listsBefore);
	}

	/**
	 * Debian trixie's nats-server, 2.10, older than the project supports, in the user cache (provisioned on first
	 * use) and run as a compatibility-test server.
	 */
	@Test
	void whenOlderSuiteWantedThenItsBinaryIsCachedAndStartsAsACompatibilityTestServer() {
		NatsServerBinary binary;
		try {
			binary = NatsServerBinaries.findInDebianSuite("trixie");
		}
		catch (NatsServerNotFoundException ex) {
			abort(ex.getMessage());
			return;
		}
		assertThat(binary.version().isSupported()).isFalse();
		assertThat(binary.path().getParent().getFileName()).hasToString(binary.version().toString());
		assertThat(NatsServerBinaries.find().path()).as("the normal search keeps the supported binary")
			.isNotEqualTo(binary.path());
		try (NatsServer server = NatsServer.builder().compatibilityTestBinary(binary).start()) {
			assertThat(server.isRunning()).isTrue();
			assertThat(server.url()).startsWith("nats://127.0.0.1:");
		}
	}

}
