package io.github.kvspring.autoconfigure.slice;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@KvEntity(bucket = "slice-notes")
public record Note(@Id String id, String text, @Version long version) {
}
