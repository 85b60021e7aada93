package io.github.kvspring.data.listener;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;

@KvEntity(bucket = "annot-parcels", keyPrefix = "parcel")
record Parcel(@Id String id, int weight) {
}
