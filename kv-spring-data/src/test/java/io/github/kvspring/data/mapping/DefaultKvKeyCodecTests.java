package io.github.kvspring.data.mapping;

import java.util.UUID;

import io.github.kvspring.data.core.KvKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DefaultKvKeyCodecTests {

	private final DefaultKvKeyCodec codec = new DefaultKvKeyCodec();

	@ParameterizedTest
	@ValueSource(strings = { "plain", "bob@example.com", "a b", "a:b", "path/to/x", "dots.in.id", "=", "ünïcødé", "ends-",
			"x=41" })
	void whenStringIdThenOneValidTokenThatDecodesBack(String id) {
		String token = this.codec.encode(id);
		assertThat(token).doesNotContain(".");
		assertThat(KvKeys.requireValidKey(token)).isEqualTo(token);
		assertThat(this.codec.decode(token, String.class)).isEqualTo(id);
	}

	@Test
	void whenIdIsUnusualThenDocumentedEncoding() {
		assertThat(this.codec.encode("bob@example.com")).isEqualTo("bob=40example=2Ecom");
		assertThat(this.codec.encode("a b")).isEqualTo("a=20b");
		assertThat(this.codec.encode("x=41")).isEqualTo("x=3D41");
		assertThat(this.codec.encode("path/to")).isEqualTo("path/to");
	}

	@Test
	void whenUuidOrNumberThenRoundTrip() {
		UUID uuid = UUID.randomUUID();
		assertThat(this.codec.decode(this.codec.encode(uuid), UUID.class)).isEqualTo(uuid);
		assertThat(this.codec.encode(-42L)).isEqualTo("-42");
		assertThat(this.codec.decode("-42", Long.class)).isEqualTo(-42L);
		assertThat(this.codec.tokenCount(Long.class)).isEqualTo(1);
	}

	record TenantKey(String tenant, long number) {
	}

	@Test
	void whenRecordIdThenOneTokenPerComponent() {
		TenantKey key = new TenantKey("acme corp", 7);
		assertThat(this.codec.encode(key)).isEqualTo("acme=20corp.7");
		assertThat(this.codec.decode("acme=20corp.7", TenantKey.class)).isEqualTo(key);
		assertThat(this.codec.tokenCount(TenantKey.class)).isEqualTo(2);
	}

	@Test
	void whenIdEmptyThenRefusedWithTheRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(""))
			.withMessageContaining("empty id");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(new TenantKey("", 1)))
			.withMessageContaining("empty id");
	}

	@Test
	void whenTokensDoNotMatchTheIdTypeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("a.b", String.class));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("acme", TenantKey.class))
			.withMessageContaining("expected 2 tokens");
	}

}
