package io.github.kvspring.autoconfigure.slice;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.test.autoconfigure.DataNatsKvTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slice: KV beans on the local server, no other components, no nats.servers to set.
 */
@DataNatsKvTest(properties = "nats.kv.buckets.slice-notes.history=2")
class DataNatsKvTestIntegrationTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	KeyValueTemplate template;

	@Autowired
	ApplicationContext context;

	@Test
	void whenSliceThenRepositoriesWorkOnTheLocalServerAndOtherComponentsAreLeftOut() {
		Note saved = this.notes.save(new Note("n1", "hello", 0));
		assertThat(this.notes.findById("n1")).contains(saved);
		assertThat(this.template.history("slice-notes", "n1", String.class)).singleElement()
			.satisfies((entry) -> assertThat(entry.value()).contains("\"text\":\"hello\""));
		assertThat(this.context.getBeanNamesForType(WebOnlyService.class)).isEmpty();
	}

}
