package io.github.kvspring.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes the project's own temporary folders (provisioning work folders, the work folders of the servers started
 * for tests, development and benchmarks).
 */
public final class Folders {

	private static final System.Logger logger = System.getLogger(Folders.class.getName());

	private Folders() {
	}

	/**
	 * Deletes a folder and everything in it; a folder that is gone already is fine, and a failure is logged, not
	 * thrown, since nothing depends on a temporary folder being gone.
	 * @param directory the folder
	 */
	public static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not delete " + directory + ": " + ex.getMessage());
		}
	}

}
