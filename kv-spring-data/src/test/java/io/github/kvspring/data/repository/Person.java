package io.github.kvspring.data.repository;

import java.time.Instant;
import java.util.List;

import io.github.kvspring.data.mapping.KvEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;

/**
 * A mutable, versioned, audited entity with a nested value and a collection.
 */
@KvEntity(bucket = "repo-people", keyPrefix = "person")
public class Person {

	@Id
	private @Nullable String id;

	private String name;

	private @Nullable String email;

	private int age;

	private boolean active;

	private @Nullable Address address;

	private List<String> tags = List.of();

	@Version
	private @Nullable Long version;

	@CreatedDate
	private @Nullable Instant created;

	@LastModifiedDate
	private @Nullable Instant modified;

	@Transient
	private @Nullable String loadedBy;

	public Person(String name, int age, boolean active) {
		this.name = name;
		this.age = age;
		this.active = active;
	}

	public record Address(String city, String street) {
	}

	public @Nullable String getId() {
		return this.id;
	}

	public void setId(@Nullable String id) {
		this.id = id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public @Nullable String getEmail() {
		return this.email;
	}

	public void setEmail(@Nullable String email) {
		this.email = email;
	}

	public int getAge() {
		return this.age;
	}

	public void setAge(int age) {
		this.age = age;
	}

	public boolean isActive() {
		return this.active;
	}

	public void setActive(boolean active) {
		this.active = active;
	}

	public @Nullable Address getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable Address address) {
		this.address = address;
	}

	public List<String> getTags() {
		return this.tags;
	}

	public void setTags(List<String> tags) {
		this.tags = tags;
	}

	public @Nullable Long getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Long version) {
		this.version = version;
	}

	public @Nullable Instant getCreated() {
		return this.created;
	}

	public void setCreated(@Nullable Instant created) {
		this.created = created;
	}

	public @Nullable Instant getModified() {
		return this.modified;
	}

	public void setModified(@Nullable Instant modified) {
		this.modified = modified;
	}

	public @Nullable String getLoadedBy() {
		return this.loadedBy;
	}

	public void setLoadedBy(@Nullable String loadedBy) {
		this.loadedBy = loadedBy;
	}

	@Override
	public String toString() {
		return "Person " + this.id + " " + this.name + " v" + this.version;
	}

}
