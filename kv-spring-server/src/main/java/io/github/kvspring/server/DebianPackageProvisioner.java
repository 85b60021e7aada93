package io.github.kvspring.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Extracts the {@code nats-server} binary from Debian's package into the per-user cache, through the apt
 * mirror the machine is already configured with. Nothing is installed and the machine's own apt
 * configuration, lists and cache stay untouched: apt runs against a private sources, lists and cache folder.
 */
final class DebianPackageProvisioner {

	private static final System.Logger logger = System.getLogger(DebianPackageProvisioner.class.getName());

	private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);

	private final Path etc;

	private final String suite;

	/**
	 * Creates a provisioner for the machine whose configuration lives under the given folder.
	 * @param etc the system configuration folder, normally {@code /etc}
	 * @param suite the Debian suite to take the package from, such as {@code sid}
	 */
	DebianPackageProvisioner(Path etc, String suite) {
		this.etc = etc;
		this.suite = suite;
	}

	/**
	 * Whether this machine can provision Debian's package: it has apt-get and dpkg-deb and a Debian mirror.
	 * @param path the {@code PATH} to look for the tools on
	 * @return whether {@link #provision(Path)} can work here
	 */
	boolean isApplicable(String path) {
		return Files.isRegularFile(this.etc.resolve("debian_version")) && !Commands.onPath(path, "apt-get").isEmpty()
				&& !Commands.onPath(path, "dpkg-deb").isEmpty();
	}

	/**
	 * The Debian suite this provisioner takes the package from.
	 * @return the suite, such as {@code sid}
	 */
	String suite() {
		return this.suite;
	}

	/**
	 * Downloads the package, extracts its binary and moves it to {@code <cache>/nats-server/<version>/}, whatever
	 * its version: the caller decides whether that version will do (an unsupported one in the cache is skipped by
	 * the normal search).
	 * @param cacheDirectory the per-user cache folder
	 * @return the cached binary
	 * @throws IOException if the mirror cannot be found or apt fails
	 */
	Path provision(Path cacheDirectory) throws IOException {
		AptSources.DebianMirror mirror = AptSources.debianMirror(this.etc.resolve("apt"))
			.orElseThrow(() -> new IOException("no Debian archive in the apt sources under " + this.etc.resolve("apt")));
		logger.log(System.Logger.Level.INFO, "Provisioning nats-server from Debian " + this.suite + " through "
				+ mirror.uri() + " into " + cacheDirectory);
		Files.createDirectories(cacheDirectory);
		Path work = Files.createTempDirectory(cacheDirectory, "apt-");
		try {
			Path sources = Files.createDirectories(work.resolve("sources"));
			Files.createDirectories(work.resolve("preferences"));
			Files.createDirectories(work.resolve("lists/partial"));
			Files.createDirectories(work.resolve("cache/archives/partial"));
			Files.writeString(sources.resolve("kv-spring-debian-" + this.suite + ".sources"),
					mirror.stanza(this.suite));
			Commands.run(apt(work, "update"), work, APT_TIMEOUT);
			Commands.run(apt(work, "download", "nats-server"), work, APT_TIMEOUT);
			Path deb = single(work, ".deb");
			Path root = work.resolve("root");
			Commands.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), work, APT_TIMEOUT);
			Path extracted = root.resolve("usr/sbin/nats-server");
			NatsServerVersion version = NatsServerLocator.probe(extracted);
			Path target = Files.createDirectories(cacheDirectory.resolve("nats-server").resolve(version.toString()));
			Path binary = target.resolve("nats-server");
			Files.move(extracted, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return binary;
		}
		finally {
			Folders.deleteRecursively(work);
		}
	}

	private List<String> apt(Path work, String... arguments) {
		List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-y",
				"-o", "Dir::Etc::SourceList=/dev/null",
				"-o", "Dir::Etc::SourceParts=" + work.resolve("sources"),
				"-o", "Dir::Etc::Preferences=/dev/null",
				"-o", "Dir::Etc::PreferencesParts=" + work.resolve("preferences"),
				"-o", "Dir::State::Lists=" + work.resolve("lists"),
				"-o", "Dir::Cache=" + work.resolve("cache"),
				"-o", "APT::Default-Release="));
		if ("root".equals(System.getProperty("user.name"))) {
			// apt's download sandbox user cannot enter a private folder under root's home.
			command.addAll(List.of("-o", "APT::Sandbox::User=root"));
		}
		command.addAll(List.of(arguments));
		return command;
	}

	private static Path single(Path directory, String suffix) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).findFirst()
				.orElseThrow(() -> new IOException("apt-get download left no " + suffix + " file"));
		}
	}

}
