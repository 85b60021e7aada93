package io.github.kvspring.samples.flags;

/**
 * A flag's id: its group and name, two key tokens ({@code flag.checkout.new-ui}), so that a group's flags are
 * one wildcard away ({@code flag.checkout.*}).
 *
 * @param group the group, such as {@code checkout}
 * @param name the name within the group
 */
public record FlagKey(String group, String name) {

	@Override
	public String toString() {
		return this.group + "." + this.name;
	}

}
