package io.github.kvspring.data.repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

public interface PersonRepository extends KvRepository<Person, String> {

	List<Person> findByName(String name);

	List<Person> findByNameNot(String name);

	List<Person> findByAgeGreaterThanAndActiveTrue(int age);

	List<Person> findByAgeGreaterThanEqual(int age);

	List<Person> findByAgeLessThanEqual(long age);

	List<Person> findByNameIgnoreCase(String name);

	List<Person> findByAgeBetween(int from, int to);

	List<Person> findByNameIn(Collection<String> names);

	List<Person> findByNameNotIn(Collection<String> names);

	List<Person> findByNameLike(String pattern);

	List<Person> findByNameStartingWith(String prefix);

	List<Person> findByNameEndingWith(String suffix);

	List<Person> findByNameContaining(String part);

	List<Person> findByEmailIsNull();

	List<Person> findByEmailIsNotNull();

	List<Person> findByAddressCity(String city);

	List<Person> findByTagsContaining(String tag);

	List<Person> findByTagsIsEmpty();

	List<Person> findByActiveFalseOrAgeLessThan(int age);

	Optional<Person> findByEmail(String email);

	Person findFirstByOrderByAgeDesc();

	List<Person> findTop2ByActiveTrueOrderByAgeAsc();

	Page<Person> findByActiveTrue(Pageable pageable);

	Slice<Person> findSliceByActiveTrue(Pageable pageable);

	List<Person> findByActiveTrue(Sort sort);

	List<Person> findByActiveTrue(Limit limit);

	List<Person> findByActiveTrueOrderByNameDesc();

	Stream<Person> streamByActiveTrue();

	long countByActiveTrue();

	boolean existsByEmail(String email);

	long deleteByActiveFalse();

}
