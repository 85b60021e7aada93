package io.github.kvspring.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Looks for a supported {@code nats-server}: the pinned binary of the environment variable, then the
 * {@code PATH}, then the per-user cache, then Debian's package provisioned into that cache. For compatibility
 * tests it also gives the binary of one Debian suite, whatever its version.
 */
final class NatsServerLocator {

	private static final String EXECUTABLE = "nats-server";

	private static final String HOW_TO_INSTALL = "install nats-server " + NatsServerVersion.MINIMUM.major() + "."
			+ NatsServerVersion.MINIMUM.minor() + " or newer with your package manager or from the NATS releases, "
			+ "then put it on the PATH or set " + NatsServerBinaries.BINARY_ENV + " to its path";

	private final Function<String, @Nullable String> environment;

	private final Path cacheDirectory;

	private final @Nullable DebianPackageProvisioner provisioner;

	NatsServerLocator(Function<String, @Nullable String> environment, Path cacheDirectory,
			@Nullable DebianPackageProvisioner provisioner) {
		this.environment = environment;
		this.cacheDirectory = cacheDirectory;
		this.provisioner = provisioner;
	}

	NatsServerBinary locate() {
		String pinned = this.environment.apply(NatsServerBinaries.BINARY_ENV);
		if (pinned != null && !pinned.isBlank()) {
			return pinned(Path.of(pinned));
		}
		List<String> skipped = new ArrayList<>();
		Optional<NatsServerBinary> found = onPath(skipped).or(this::inCache);
		if (found.isPresent()) {
			return found.get();
		}
		String skippedNote = skipped.isEmpty() ? "" : " (skipped " + String.join(", ", skipped) + ")";
		String path = this.environment.apply("PATH");
		if (this.provisioner == null || !this.provisioner.isApplicable((path != null) ? path : "")) {
			throw new NatsServerNotFoundException(
					"No nats-server >= " + NatsServerVersion.MINIMUM + " found" + skippedNote + ": " + HOW_TO_INSTALL);
		}
		try {
			return provisionOnce(this.provisioner);
		}
		catch (IOException ex) {
			throw new NatsServerNotFoundException("No nats-server >= " + NatsServerVersion.MINIMUM + " found"
					+ skippedNote + " and Debian's package could not be provisioned (" + ex.getMessage() + "): "
					+ HOW_TO_INSTALL, ex);
		}
	}

	/**
	 * Provisions under a file lock, so that builds running side by side fetch the package once: whoever
	 * waited finds the binary the other one cached.
	 */
	private NatsServerBinary provisionOnce(DebianPackageProvisioner provisioner) throws IOException {
		return underProvisionLock(() -> {
			Optional<NatsServerBinary> cached = inCache();
			if (cached.isPresent()) {
				return cached.get();
			}
			Path binary = provisioner.provision(this.cacheDirectory);
			NatsServerVersion version = probe(binary);
			if (!version.isSupported()) {
				throw new IOException("Debian " + provisioner.suite() + " has nats-server " + version + ", older than "
						+ NatsServerVersion.MINIMUM + "; set " + NatsServerBinaries.DEBIAN_SUITE_ENV
						+ " to a suite with a newer one");
			}
			return new NatsServerBinary(binary, version, NatsServerBinary.Source.DEBIAN_PACKAGE);
		});
	}

	/**
	 * The binary of the provisioner's Debian suite, whatever its version, for compatibility tests against an
	 * older server: the one provisioned before (the cache remembers which version the suite had in
	 * {@code <cache>/nats-server/debian-<suite>.version}), else the suite's package extracted into the cache now.
	 * Neither the environment variable nor the {@code PATH} is looked at: the suite names the binary.
	 * @return the suite's binary
	 * @throws NatsServerNotFoundException if this is not a Debian machine with apt-get and dpkg-deb, or the
	 * package cannot be provisioned
	 */
	NatsServerBinary locateInDebianSuite() {
		DebianPackageProvisioner suiteProvisioner = this.provisioner;
		String path = this.environment.apply("PATH");
		if (suiteProvisioner == null || !suiteProvisioner.isApplicable((path != null) ? path : "")) {
			throw new NatsServerNotFoundException("Debian's nats-server cannot be provisioned here: "
					+ "not a Debian machine with apt-get and dpkg-deb");
		}
		try {
			return underProvisionLock(() -> {
				Path remembered = this.cacheDirectory.resolve(EXECUTABLE)
					.resolve("debian-" + suiteProvisioner.suite() + ".version");
				if (Files.isRegularFile(remembered)) {
					Path binary = this.cacheDirectory.resolve(EXECUTABLE)
						.resolve(Files.readString(remembered).strip()).resolve(EXECUTABLE);
					if (Files.isExecutable(binary)) {
						return new NatsServerBinary(binary, probe(binary), NatsServerBinary.Source.CACHE);
					}
				}
				Path binary = suiteProvisioner.provision(this.cacheDirectory);
				NatsServerVersion version = probe(binary);
				Files.writeString(remembered, version + "\n");
				return new NatsServerBinary(binary, version, NatsServerBinary.Source.DEBIAN_PACKAGE);
			});
		}
		catch (IOException ex) {
			String reason = String.valueOf(ex.getMessage()).strip().replaceAll("\\s*\\n\\s*", " / ");
			throw new NatsServerNotFoundException("Debian " + suiteProvisioner.suite()
					+ "'s nats-server could not be provisioned: " + reason, ex);
		}
	}

	private NatsServerBinary underProvisionLock(Provisioning provisioning) throws IOException {
		Files.createDirectories(this.cacheDirectory);
		try (FileChannel channel = FileChannel.open(this.cacheDirectory.resolve("provision.lock"),
				StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			return provisioning.run();
		}
	}

	private NatsServerBinary pinned(Path path) {
		String rule = NatsServerBinaries.BINARY_ENV + "=" + path;
		if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
			throw new NatsServerNotFoundException(rule + " is not an executable file: " + HOW_TO_INSTALL);
		}
		NatsServerVersion version;
		try {
			version = probe(path);
		}
		catch (IOException ex) {
			throw new NatsServerNotFoundException(rule + " did not report a version (" + ex.getMessage() + ")", ex);
		}
		if (!version.isSupported()) {
			throw new NatsServerNotFoundException(rule + " is version " + version + ", older than the minimum "
					+ NatsServerVersion.MINIMUM + ": " + HOW_TO_INSTALL);
		}
		return new NatsServerBinary(path.toAbsolutePath(), version, NatsServerBinary.Source.ENVIRONMENT);
	}

	private Optional<NatsServerBinary> onPath(List<String> skipped) {
		String path = this.environment.apply("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (Path candidate : Commands.onPath(path, EXECUTABLE)) {
			try {
				NatsServerVersion version = probe(candidate);
				if (version.isSupported()) {
					return Optional.of(new NatsServerBinary(candidate.toAbsolutePath(), version,
							NatsServerBinary.Source.PATH));
				}
				skipped.add(candidate + " " + version);
			}
			catch (IOException ex) {
				skipped.add(candidate + " (no version: " + ex.getMessage() + ")");
			}
		}
		return Optional.empty();
	}

	private Optional<NatsServerBinary> inCache() {
		Path versions = this.cacheDirectory.resolve(EXECUTABLE);
		if (!Files.isDirectory(versions)) {
			return Optional.empty();
		}
		List<Path> candidates;
		try (Stream<Path> children = Files.list(versions)) {
			candidates = children.map((child) -> child.resolve(EXECUTABLE)).filter(Files::isExecutable).toList();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		List<NatsServerBinary> usable = new ArrayList<>();
		for (Path candidate : candidates) {
			try {
				NatsServerVersion version = probe(candidate);
				if (version.isSupported()) {
					usable.add(new NatsServerBinary(candidate, version, NatsServerBinary.Source.CACHE));
				}
			}
			catch (IOException ex) {
				// A damaged cache entry is skipped; provisioning writes a fresh one.
			}
		}
		return usable.stream().max(Comparator.comparing(NatsServerBinary::version));
	}

	static NatsServerVersion probe(Path binary) throws IOException {
		String output = Commands.run(List.of(binary.toString(), "--version"), null, Duration.ofSeconds(20));
		try {
			return NatsServerVersion.parse(output);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
	}

	/**
	 * What runs under the provisioning lock.
	 */
	@FunctionalInterface
	private interface Provisioning {

		NatsServerBinary run() throws IOException;

	}

}
