package io.github.kvspring.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

/**
 * Customizes the JSON mapper of stored KV values. It is the KV support's own mapper, not the application's web
 * one, so that tuning web JSON never changes stored documents.
 */
@FunctionalInterface
public interface NatsKvJsonMapperBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(JsonMapper.Builder builder);

}
