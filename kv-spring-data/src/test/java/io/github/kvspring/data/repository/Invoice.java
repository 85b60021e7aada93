package io.github.kvspring.data.repository;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;

/**
 * An unversioned entity with a composite id: one key token per component.
 */
@KvEntity(bucket = "repo-invoices", keyPrefix = "invoice")
public record Invoice(@Id InvoiceId id, long cents) {

	public record InvoiceId(String tenant, long number) {
	}

}
