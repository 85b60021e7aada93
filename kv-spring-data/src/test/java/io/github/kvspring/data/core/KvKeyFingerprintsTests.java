package io.github.kvspring.data.core;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fingerprint set a scan remembers its returned keys in.
 */
class KvKeyFingerprintsTests {

	@Test
	void whenKeysAddedThenEachIsContainedOnceAndOthersAreNot() {
		KvKeyFingerprints fingerprints = new KvKeyFingerprints();
		IntStream.range(0, 100_000).forEach((i) -> assertThat(fingerprints.add("orders." + i)).isTrue());
		assertThat(fingerprints.add("orders.42")).isFalse();
		assertThat(fingerprints.size()).isEqualTo(100_000);
		assertThat(IntStream.range(0, 100_000).allMatch((i) -> fingerprints.contains("orders." + i))).isTrue();
		assertThat(IntStream.range(100_000, 200_000).noneMatch((i) -> fingerprints.contains("orders." + i))).isTrue();
		assertThat(fingerprints.contains("")).isFalse();
	}

}
