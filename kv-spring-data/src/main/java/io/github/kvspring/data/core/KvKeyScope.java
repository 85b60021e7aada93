package io.github.kvspring.data.core;

/**
 * Which keys a key listing returns.
 */
public enum KvKeyScope {

	/**
	 * Keys whose latest entry is a value.
	 */
	LIVE,

	/**
	 * Every key with any entry retained: values, and delete, purge and expiry markers.
	 */
	ANY_ENTRY

}
