package io.github.kvspring.data.listener;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@KvEntity(bucket = "listen-orders", keyPrefix = "order")
record Order(@Id String id, int quantity, @Version long version) {
}
