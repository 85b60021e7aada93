package io.github.kvspring.server;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Finds the {@code nats-server} binary every local server of the project runs.
 * <p>
 * The search order is: the {@value #BINARY_ENV} environment variable (pins a binary; it must be
 * {@link NatsServerVersion#MINIMUM} or newer), the {@code PATH}, the per-user cache (shared by every
 * checkout and application of the user; {@value #CACHE_ENV} overrides its location), and finally, on a
 * Debian-family machine, Debian's {@code nats-server} package from the suite named by
 * {@value #DEBIAN_SUITE_ENV} (default {@code sid}), fetched through the machine's own apt mirror and
 * extracted into the cache. Anywhere else it fails with one line saying how to install nats-server.
 */
public final class NatsServerBinaries {

	/**
	 * Environment variable that pins the binary to use.
	 */
	public static final String BINARY_ENV = "KV_SPRING_NATS_SERVER";

	/**
	 * Environment variable that overrides the per-user cache folder.
	 */
	public static final String CACHE_ENV = "KV_SPRING_CACHE_DIR";

	/**
	 * Environment variable naming the Debian suite to provision from; {@code sid} when unset.
	 */
	public static final String DEBIAN_SUITE_ENV = "KV_SPRING_DEBIAN_SUITE";

	private static final System.Logger logger = System.getLogger(NatsServerBinaries.class.getName());

	private static volatile @Nullable NatsServerBinary found;

	private NatsServerBinaries() {
	}

	/**
	 * Finds (or provisions) a supported binary, once per JVM.
	 * @return the binary
	 * @throws NatsServerNotFoundException if none can be found or provisioned
	 */
	public static NatsServerBinary find() {
		NatsServerBinary binary = found;
		if (binary == null) {
			synchronized (NatsServerBinaries.class) {
				binary = found;
				if (binary == null) {
					binary = locator().locate();
					logger.log(System.Logger.Level.DEBUG, binary.describe());
					found = binary;
				}
			}
		}
		return binary;
	}

	/**
	 * The {@code nats-server} of the given Debian suite, whatever its version, for compatibility tests that check
	 * what the project does against an older server than it supports (such as {@code trixie}'s 2.10, which has no
	 * atomic batches). Taken from the per-user cache when an earlier run provisioned it, else extracted from the
	 * suite's package through the machine's apt mirror, as {@link #find()} does for {@value #DEBIAN_SUITE_ENV}.
	 * Never used by {@link #find()}, which skips versions older than {@link NatsServerVersion#MINIMUM}; start it
	 * with {@link NatsServer.Builder#compatibilityTestBinary(NatsServerBinary)}.
	 * @param suite the Debian suite, such as {@code trixie}
	 * @return the suite's binary, in the per-user cache
	 * @throws NatsServerNotFoundException with a one-line message if this is not a Debian machine with apt-get
	 * and dpkg-deb, or the package cannot be provisioned (no network, no such suite or package)
	 */
	public static NatsServerBinary findInDebianSuite(String suite) {
		if (suite.isBlank() || !suite.matches("[a-z0-9.-]+")) {
			throw new IllegalArgumentException("'suite' must be a Debian suite name such as trixie but was '" + suite + "'");
		}
		NatsServerBinary binary = new NatsServerLocator(System::getenv, cacheDirectory(),
				new DebianPackageProvisioner(Path.of("/etc"), suite)).locateInDebianSuite();
		logger.log(System.Logger.Level.DEBUG, binary.describe());
		return binary;
	}

	/**
	 * The per-user cache folder: {@value #CACHE_ENV}, else {@code $XDG_CACHE_HOME/kv-spring}, else
	 * {@code ~/.cache/kv-spring}.
	 * @return the cache folder
	 */
	public static Path cacheDirectory() {
		String configured = System.getenv(CACHE_ENV);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		String xdg = System.getenv("XDG_CACHE_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg)
				: Path.of(System.getProperty("user.home"), ".cache");
		return base.resolve("kv-spring");
	}

	private static NatsServerLocator locator() {
		String suite = System.getenv(DEBIAN_SUITE_ENV);
		DebianPackageProvisioner provisioner = new DebianPackageProvisioner(Path.of("/etc"),
				(suite != null && !suite.isBlank()) ? suite : "sid");
		return new NatsServerLocator(System::getenv, cacheDirectory(), provisioner);
	}

	/**
	 * Finds or provisions the binary and prints what was found; the build runs this before the tests.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		System.out.println("[kv-spring] " + find().describe());
	}

}
