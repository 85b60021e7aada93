package io.github.kvspring.samples.flags;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the store's answers into HTTP: a taken key or a stale revision is 409 Conflict, bad input 400.
 */
@RestControllerAdvice
class ApiErrors {

	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<Map<String, String>> exists(DuplicateKeyException ex) {
		return error(HttpStatus.CONFLICT, "exists", ex.getMessage());
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<Map<String, String>> stale(OptimisticLockingFailureException ex) {
		return error(HttpStatus.CONFLICT, "stale", ex.getMessage());
	}

	@ExceptionHandler({ IllegalArgumentException.class, InvalidDataAccessApiUsageException.class })
	ResponseEntity<Map<String, String>> invalid(RuntimeException ex) {
		return error(HttpStatus.BAD_REQUEST, "invalid", ex.getMessage());
	}

	private static ResponseEntity<Map<String, String>> error(HttpStatus status, String kind, @Nullable String message) {
		return ResponseEntity.status(status).body(Map.of("error", kind, "message", String.valueOf(message)));
	}

}
