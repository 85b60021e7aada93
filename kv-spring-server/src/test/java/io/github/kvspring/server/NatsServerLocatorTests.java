package io.github.kvspring.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The search order and its failures, with stand-in executables that only print a version (the search never
 * runs a server, so no real one is needed here).
 */
class NatsServerLocatorTests {

	@TempDir
	Path root;

	private final Map<String, String> environment = new HashMap<>();

	@Test
	void whenPinnedThenPinnedBinaryWinsOverPath() throws IOException {
		Path pinned = fakeServer("pinned", "2.12.0");
		this.environment.put("PATH", fakeServer("bin", "2.15.1").getParent().toString());
		this.environment.put(NatsServerBinaries.BINARY_ENV, pinned.toString());
		NatsServerBinary binary = locator().locate();
		assertThat(binary.path()).isEqualTo(pinned);
		assertThat(binary.version()).isEqualTo(new NatsServerVersion(2, 12, 0));
		assertThat(binary.source()).isEqualTo(NatsServerBinary.Source.ENVIRONMENT);
	}

	@Test
	void whenPinnedBinaryTooOldThenOneLineNamingTheVariable() throws IOException {
		this.environment.put(NatsServerBinaries.BINARY_ENV, fakeServer("pinned", "2.9.10").toString());
		assertThatExceptionOfType(NatsServerNotFoundException.class).isThrownBy(() -> locator().locate())
			.withMessageContaining(NatsServerBinaries.BINARY_ENV)
			.withMessageContaining("2.9.10")
			.withMessageContaining("older than the minimum 2.11.0")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	@Test
	void whenPinnedPathMissingThenRejected() {
		this.environment.put(NatsServerBinaries.BINARY_ENV, this.root.resolve("nope").toString());
		assertThatExceptionOfType(NatsServerNotFoundException.class).isThrownBy(() -> locator().locate())
			.withMessageContaining("is not an executable file");
	}

	@Test
	void whenPathHasOldVersionThenSkippedForCache() throws IOException {
		Path old = fakeServer("bin", "2.10.27");
		this.environment.put("PATH", old.getParent().toString());
		Path cached = fakeServer("cache/nats-server/2.15.1", "2.15.1");
		fakeServer("cache/nats-server/2.11.3", "2.11.3");
		NatsServerBinary binary = locator().locate();
		assertThat(binary.path()).isEqualTo(cached);
		assertThat(binary.source()).isEqualTo(NatsServerBinary.Source.CACHE);
	}

	@Test
	void whenSupportedOnPathThenFoundThere() throws IOException {
		Path onPath = fakeServer("bin", "2.11.0");
		this.environment.put("PATH", this.root.resolve("empty") + ":" + onPath.getParent());
		NatsServerBinary binary = locator().locate();
		assertThat(binary.path()).isEqualTo(onPath);
		assertThat(binary.source()).isEqualTo(NatsServerBinary.Source.PATH);
		assertThat(binary.describe()).contains("nats-server 2.11.0", "tested with 2.11 to 2.15", "the PATH");
	}

	@Test
	void whenNothingFoundAndNoProvisioningThenOneLineSayingHowToInstall() throws IOException {
		this.environment.put("PATH", fakeServer("bin", "2.9.10").getParent().toString());
		assertThatExceptionOfType(NatsServerNotFoundException.class).isThrownBy(() -> locator().locate())
			.withMessageStartingWith("No nats-server >= 2.11.0 found (skipped ")
			.withMessageContaining("2.9.10")
			.withMessageContaining("install nats-server 2.11 or newer")
			.withMessageContaining(NatsServerBinaries.BINARY_ENV)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	@Test
	void whenNotDebianThenProvisioningNotTried() {
		this.environment.put("PATH", this.root.toString());
		DebianPackageProvisioner provisioner = new DebianPackageProvisioner(this.root.resolve("etc"), "sid");
		assertThatExceptionOfType(NatsServerNotFoundException.class)
			.isThrownBy(() -> new NatsServerLocator(this.environment::get, this.root.resolve("cache"), provisioner)
				.locate())
			.withMessageContaining("install nats-server");
	}

	@Test
	void whenNewerThanTestedThenDescribedSo() {
		NatsServerBinary binary = new NatsServerBinary(this.root, new NatsServerVersion(2, 16, 0),
				NatsServerBinary.Source.CACHE);
		assertThat(binary.describe()).contains("newer than tested");
	}

	@Test
	void whenSuiteProvisionedBeforeThenItsOlderBinaryComesFromTheCacheWithoutApt() throws IOException {
		fakeServer("cache/nats-server/2.15.1", "2.15.1");
		Path old = fakeServer("cache/nats-server/2.10.27", "2.10.27");
		Files.writeString(this.root.resolve("cache/nats-server/debian-trixie.version"), "2.10.27\n");
		// apt-get and dpkg-deb that fail: the remembered binary must be used without them.
		this.environment.put("PATH", fakeTool("apt-get").getParent().toString());
		fakeTool("dpkg-deb");
		Files.createDirectories(this.root.resolve("etc"));
		Files.writeString(this.root.resolve("etc/debian_version"), "12.11\n");
		DebianPackageProvisioner provisioner = new DebianPackageProvisioner(this.root.resolve("etc"), "trixie");

		NatsServerBinary binary = new NatsServerLocator(this.environment::get, this.root.resolve("cache"), provisioner)
			.locateInDebianSuite();

		assertThat(binary.path()).isEqualTo(old);
		assertThat(binary.version()).isEqualTo(new NatsServerVersion(2, 10, 27));
		assertThat(binary.source()).isEqualTo(NatsServerBinary.Source.CACHE);
		assertThat(binary.describe()).contains("older than the supported 2.11.0, for compatibility tests only");
		assertThat(locator().locate().version()).as("the normal search never picks the older binary")
			.isEqualTo(new NatsServerVersion(2, 15, 1));
	}

	@Test
	void whenSuiteWantedOffDebianThenOneLineSayingWhy() {
		this.environment.put("PATH", this.root.toString());
		DebianPackageProvisioner provisioner = new DebianPackageProvisioner(this.root.resolve("etc"), "trixie");
		assertThatExceptionOfType(NatsServerNotFoundException.class)
			.isThrownBy(() -> new NatsServerLocator(this.environment::get, this.root.resolve("cache"), provisioner)
				.locateInDebianSuite())
			.withMessage("Debian's nats-server cannot be provisioned here: not a Debian machine with apt-get and dpkg-deb");
	}

	@Test
	void whenOlderBinaryGivenAsTheServerBinaryThenRefusedUnlessForACompatibilityTest() {
		NatsServerBinary old = new NatsServerBinary(this.root, new NatsServerVersion(2, 10, 27),
				NatsServerBinary.Source.CACHE);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> NatsServer.builder().binary(old))
			.withMessageContaining("nats-server 2.10.27")
			.withMessageContaining("older than the supported 2.11.0")
			.withMessageContaining("compatibilityTestBinary");
		NatsServer.builder().compatibilityTestBinary(old);
	}

	private NatsServerLocator locator() {
		return new NatsServerLocator(this.environment::get, this.root.resolve("cache"), null);
	}

	private Path fakeTool(String name) throws IOException {
		Path file = Files.createDirectories(this.root.resolve("tools")).resolve(name);
		Files.writeString(file, "#!/bin/sh\nexit 1\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private Path fakeServer(String directory, String version) throws IOException {
		Path file = Files.createDirectories(this.root.resolve(directory)).resolve("nats-server");
		Files.writeString(file, "#!/bin/sh\necho 'nats-server: v" + version + "'\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

}
