package io.github.kvspring.autoconfigure.app;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@KvEntity(bucket = "accounts", keyPrefix = "account")
public record Account(@Id String id, String owner, long balance, @Version long version) {
}
