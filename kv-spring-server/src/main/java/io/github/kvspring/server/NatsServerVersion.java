package io.github.kvspring.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code nats-server} version, as printed by {@code nats-server --version}.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 */
public record NatsServerVersion(int major, int minor, int patch) implements Comparable<NatsServerVersion> {

	/**
	 * The oldest version the project supports: per-key TTL and limit markers arrived in 2.11.
	 */
	public static final NatsServerVersion MINIMUM = new NatsServerVersion(2, 11, 0);

	/**
	 * The newest version the project has been tested with; newer patch releases of the same minor are
	 * treated as tested.
	 */
	public static final NatsServerVersion NEWEST_TESTED = new NatsServerVersion(2, 15, 1);

	private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

	/**
	 * Parses the first {@code major.minor.patch} found in the given text, such as
	 * {@code "nats-server: v2.15.1"} or {@code "2.11.0-RC.2"}.
	 * @param text the text holding a version
	 * @return the version
	 * @throws IllegalArgumentException if the text holds no version
	 */
	public static NatsServerVersion parse(String text) {
		Matcher matcher = VERSION.matcher(text);
		if (!matcher.find()) {
			throw new IllegalArgumentException("No nats-server version (major.minor.patch) in '" + text.strip() + "'");
		}
		return new NatsServerVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
				Integer.parseInt(matcher.group(3)));
	}

	/**
	 * Whether this version is at least {@link #MINIMUM}.
	 * @return whether the project supports this version
	 */
	public boolean isSupported() {
		return compareTo(MINIMUM) >= 0;
	}

	/**
	 * Whether this version's minor release is newer than the newest one the project was tested with.
	 * @return whether this version is past the tested range
	 */
	public boolean isNewerThanTested() {
		return this.major > NEWEST_TESTED.major
				|| (this.major == NEWEST_TESTED.major && this.minor > NEWEST_TESTED.minor);
	}

	/**
	 * Whether this version is at least the given one.
	 * @param major the major version to compare with
	 * @param minor the minor version to compare with
	 * @return whether this version is the same or newer
	 */
	public boolean isAtLeast(int major, int minor) {
		return compareTo(new NatsServerVersion(major, minor, 0)) >= 0;
	}

	@Override
	public int compareTo(NatsServerVersion other) {
		int result = Integer.compare(this.major, other.major);
		if (result == 0) {
			result = Integer.compare(this.minor, other.minor);
		}
		return (result != 0) ? result : Integer.compare(this.patch, other.patch);
	}

	@Override
	public String toString() {
		return this.major + "." + this.minor + "." + this.patch;
	}

}
