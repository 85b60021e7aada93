package io.github.kvspring.data.repository;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

public interface ProductRepository extends KvRepository<Product, String> {

	List<Product> findByCategory(String category);

	List<Product> findByCategoryIn(Collection<String> categories);

	List<Product> findByCategoryAndStockGreaterThan(String category, int stock);

	List<Product> findByCategoryOrStatus(String category, Product.Status status);

	List<Product> findByCategoryOrStockGreaterThan(String category, int stock);

	List<Product> findByCategoryIgnoreCase(String category);

	long countByCategory(String category);

	Stream<Product> streamByCategory(String category);

	long deleteByStatus(Product.Status status);

}
