package io.github.kvspring.samples.flags;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Releases: a set of flags switched together in one transaction, so that no reader ever sees half a release,
 * and a release that meets a flag changed meanwhile (or missing) changes none.
 */
@Service
class FlagReleases {

	private final FlagRepository flags;

	FlagReleases(FlagRepository flags) {
		this.flags = flags;
	}

	/**
	 * A flag's state in a release.
	 *
	 * @param group the flag's group
	 * @param name the flag's name
	 * @param enabled whether it is on
	 * @param rollout the share of users who get it
	 */
	record Switch(String group, String name, boolean enabled, int rollout) {
	}

	/**
	 * Switches every flag as the release says, all or none.
	 * @param switches the flags and their new state
	 * @return the flags as released
	 */
	@Transactional
	List<Flag> release(List<Switch> switches) {
		return switches.stream().map((change) -> {
			Flag flag = this.flags.findById(new FlagKey(change.group(), change.name()))
				.orElseThrow(() -> new IllegalArgumentException(
						"No flag " + change.group() + "." + change.name() + ": nothing was released"));
			return this.flags.save(flag.withChanges(flag.description(), change.enabled(), change.rollout(),
					flag.version()));
		}).toList();
	}

}
