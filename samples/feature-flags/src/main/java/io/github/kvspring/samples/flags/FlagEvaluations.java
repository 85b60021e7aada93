package io.github.kvspring.samples.flags;

import java.util.Objects;

import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.listener.KvListener;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Whether a flag is on for a user: its live override if there is one, else on for the flag's rollout share of users
 * (picked by a stable hash of user and flag). Services ask this again and again for the same user, so the answers
 * are cached per flag and user in the {@value #CACHE} cache, which lives in a NATS KV bucket with a near cache in
 * front (see {@code application.yml}): a repeated question is a local memory read, in every instance of the service.
 * <p>
 * An answer is stale as soon as any flag or override changes, or an override expires, in whichever instance: every
 * such change clears the cache, and the clear, one purge marker per cached answer, reaches every instance's near
 * cache within milliseconds. An instance learns of a change from its listener, so an answer asked for in the few
 * milliseconds after a change may still be the old one.
 */
@Service
class FlagEvaluations {

	static final String CACHE = "evaluations";

	private final FlagRepository flags;

	private final FlagOverrideRepository overrides;

	private final Cache evaluations;

	FlagEvaluations(FlagRepository flags, FlagOverrideRepository overrides, CacheManager cacheManager) {
		this.flags = flags;
		this.overrides = overrides;
		this.evaluations = Objects.requireNonNull(cacheManager.getCache(CACHE), "The evaluations cache is missing");
	}

	/**
	 * A flag's answer for a user.
	 *
	 * @param flag the flag, {@code group.name}
	 * @param user the user
	 * @param enabled whether the flag is on for the user
	 * @param reason why
	 */
	record Evaluation(String flag, String user, boolean enabled, String reason) {
	}

	/**
	 * Evaluates a flag for a user, or answers from the cache (key: group, name and user).
	 */
	@Cacheable(CACHE)
	public Evaluation evaluate(String group, String name, String user) {
		FlagKey key = new FlagKey(group, name);
		Flag flag = this.flags.findById(key).orElse(null);
		if (flag == null) {
			return new Evaluation(key.toString(), user, false, "no such flag");
		}
		FlagOverride override = this.overrides.findById(key).orElse(null);
		if (override != null) {
			return new Evaluation(key.toString(), user, override.enabled(), "overridden");
		}
		if (!flag.enabled()) {
			return new Evaluation(key.toString(), user, false, "flag off");
		}
		int slot = Math.floorMod((user + "@" + key).hashCode(), 100);
		boolean in = slot < flag.rollout();
		return new Evaluation(key.toString(), user, in,
				"rollout " + flag.rollout() + "%: user " + (in ? "in" : "out") + " (slot " + slot + ")");
	}

	@KvListener(id = "evaluations-flags", entity = Flag.class, start = KvListener.Start.UPDATES_ONLY)
	void onFlag(KvEntry<Flag> change) {
		this.evaluations.clear();
	}

	@KvListener(id = "evaluations-overrides", entity = FlagOverride.class, start = KvListener.Start.UPDATES_ONLY)
	void onOverride(KvEntry<FlagOverride> change) {
		this.evaluations.clear();
	}

}
