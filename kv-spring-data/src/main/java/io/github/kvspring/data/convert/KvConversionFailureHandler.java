package io.github.kvspring.data.convert;

import java.util.function.Consumer;

import org.springframework.util.Assert;

/**
 * Decides what a scan does with a stored value that cannot be converted: fail the whole scan (the default), or
 * leave the entry out and carry on. A scan that reads many entries (every entity of a type, a derived query)
 * otherwise fails as a whole on one unreadable value; a direct read of one key always fails.
 */
@FunctionalInterface
public interface KvConversionFailureHandler {

	/**
	 * Called for each entry of a scan whose value cannot be converted. Returning leaves the entry out of the
	 * result; throwing (the failure itself, typically) fails the scan.
	 * @param failure why the value could not be read, naming its bucket, key and revision
	 */
	void handle(KvValueConversionException failure);

	/**
	 * A handler that fails the scan with the conversion failure: the default.
	 * @return the handler
	 */
	static KvConversionFailureHandler failing() {
		return (failure) -> {
			throw failure;
		};
	}

	/**
	 * A handler that leaves unreadable entries out after reporting each.
	 * @param report receives each failure, which names the bucket, key and revision of the value left out
	 * @return the handler
	 */
	static KvConversionFailureHandler skipping(Consumer<? super KvValueConversionException> report) {
		Assert.notNull(report, "'report' must not be null");
		return report::accept;
	}

	/**
	 * A handler that leaves unreadable entries out, logging the bucket, key and revision of each at WARN.
	 * @return the handler
	 */
	static KvConversionFailureHandler logging() {
		System.Logger logger = System.getLogger(KvConversionFailureHandler.class.getName());
		return skipping((failure) -> logger.log(System.Logger.Level.WARNING,
				"Skipping an unreadable value: " + failure.getMessage()));
	}

}
