package io.github.kvspring.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper of stored KV values and entities, held in a type of its own so that it never replaces (or is
 * replaced by) the application's web {@link JsonMapper}. Customize it with
 * {@link NatsKvJsonMapperBuilderCustomizer}.
 *
 * @param mapper the mapper
 */
public record NatsKvJsonMapper(JsonMapper mapper) {

}
