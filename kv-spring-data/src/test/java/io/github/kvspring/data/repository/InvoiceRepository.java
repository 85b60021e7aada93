package io.github.kvspring.data.repository;

import java.util.List;

public interface InvoiceRepository extends KvRepository<Invoice, Invoice.InvoiceId> {

	List<Invoice> findByCentsGreaterThan(long cents);

}
