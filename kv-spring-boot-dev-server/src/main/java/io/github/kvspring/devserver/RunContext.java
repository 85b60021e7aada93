package io.github.kvspring.devserver;

import java.util.Arrays;

/**
 * How the application runs: from tests, or packaged as an executable jar (production), where no development
 * server must ever start.
 */
final class RunContext {

	private RunContext() {
	}

	static boolean isTest() {
		return onStack("org.junit.", "org.springframework.boot.test.");
	}

	static boolean isPackagedJar() {
		return onStack("org.springframework.boot.loader.");
	}

	static boolean onStack(String... prefixes) {
		return Arrays.stream(Thread.currentThread().getStackTrace()).map(StackTraceElement::getClassName)
			.anyMatch((name) -> Arrays.stream(prefixes).anyMatch(name::startsWith));
	}

}
