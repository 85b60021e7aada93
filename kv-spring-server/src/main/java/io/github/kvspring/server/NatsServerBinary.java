package io.github.kvspring.server;

import java.nio.file.Path;

/**
 * A {@code nats-server} executable that was found or provisioned, with its version.
 *
 * @param path the absolute path of the executable
 * @param version the version it reports
 * @param source where it was found
 */
public record NatsServerBinary(Path path, NatsServerVersion version, Source source) {

	/**
	 * One line saying which binary this is, where it came from and how its version relates to the tested
	 * range.
	 * @return a description for logs
	 */
	public String describe() {
		String range = "tested with " + NatsServerVersion.MINIMUM.major() + "." + NatsServerVersion.MINIMUM.minor()
				+ " to " + NatsServerVersion.NEWEST_TESTED.major() + "." + NatsServerVersion.NEWEST_TESTED.minor();
		String verdict = !this.version.isSupported() ? "older than the supported " + NatsServerVersion.MINIMUM
				+ ", for compatibility tests only" : this.version.isNewerThanTested() ? "newer than tested, " + range
						: range;
		return "nats-server " + this.version + " (" + verdict + ") from " + this.source.description + ": " + this.path;
	}

	/**
	 * Where a binary was found.
	 */
	public enum Source {

		/**
		 * Pinned by the {@value NatsServerBinaries#BINARY_ENV} environment variable.
		 */
		ENVIRONMENT("the " + NatsServerBinaries.BINARY_ENV + " environment variable"),

		/**
		 * Found on the {@code PATH}.
		 */
		PATH("the PATH"),

		/**
		 * Found in the per-user cache, provisioned by an earlier build.
		 */
		CACHE("the user cache"),

		/**
		 * Just extracted from Debian's {@code nats-server} package into the per-user cache.
		 */
		DEBIAN_PACKAGE("Debian's nats-server package, now in the user cache");

		private final String description;

		Source(String description) {
			this.description = description;
		}

	}

}
