package io.github.kvspring.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AptSourcesTests {

	@TempDir
	Path etcApt;

	@Test
	void whenDeb822SourcesThenDebianArchiveChosenOverSecurityAndOthers() throws IOException {
		write("sources.list.d/debian.sources", """
				Types: deb
				# http://snapshot.debian.org/archive/debian/20250520T000000Z
				URIs: http://mirror.example/debian
				Suites: bookworm bookworm-updates
				Components: main
				Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

				Types: deb
				URIs: http://mirror.example/debian-security
				Suites: bookworm-security
				Components: main
				Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
				""");
		write("sources.list.d/other.sources", """
				Types: deb
				URIs: https://vendor.example/node_20.x
				Suites: nodistro
				Components: main
				""");
		AptSources.DebianMirror mirror = AptSources.debianMirror(this.etcApt).orElseThrow();
		assertThat(mirror.uri()).isEqualTo("http://mirror.example/debian");
		assertThat(mirror.stanza("sid")).isEqualTo("""
				Types: deb
				URIs: http://mirror.example/debian
				Suites: sid
				Components: main
				Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
				""");
	}

	@Test
	void whenOneLineSourcesThenSignedByOptionKept() throws IOException {
		write("sources.list", """
				# a comment
				deb-src http://mirror.example/debian bookworm main
				deb [arch=amd64 signed-by=/etc/keys/debian.gpg] http://mirror.example/debian/ bookworm main
				""");
		AptSources.DebianMirror mirror = AptSources.debianMirror(this.etcApt).orElseThrow();
		assertThat(mirror.uri()).isEqualTo("http://mirror.example/debian/");
		assertThat(mirror.signedByLines()).containsExactly("Signed-By: /etc/keys/debian.gpg");
	}

	@Test
	void whenInlineKeyThenWholeFieldCarriedOver() {
		List<AptSources.DebianMirror> mirrors = AptSources.parseDeb822("""
				Types: deb
				URIs: http://mirror.example/debian
				Suites: bookworm
				Components: main
				Signed-By:
				 -----BEGIN PGP PUBLIC KEY BLOCK-----
				 .
				 abc
				 -----END PGP PUBLIC KEY BLOCK-----
				""");
		assertThat(mirrors).singleElement().satisfies((mirror) -> assertThat(mirror.signedByLines()).containsExactly(
				"Signed-By:", " -----BEGIN PGP PUBLIC KEY BLOCK-----", " .", " abc",
				" -----END PGP PUBLIC KEY BLOCK-----"));
	}

	@Test
	void whenDisabledOrSourceOnlyThenIgnored() {
		assertThat(AptSources.parseDeb822("""
				Types: deb
				URIs: http://mirror.example/debian
				Suites: bookworm
				Enabled: no

				Types: deb-src
				URIs: http://mirror.example/debian
				Suites: bookworm
				""")).isEmpty();
	}

	@Test
	void whenOnlySnapshotAndLiveMirrorsThenLivePreferred() throws IOException {
		write("sources.list", """
				deb http://snapshot.example/archive/debian/20250520T000000Z bookworm main
				deb http://mirror.example/debian bookworm main
				""");
		assertThat(AptSources.debianMirror(this.etcApt).orElseThrow().uri()).isEqualTo("http://mirror.example/debian");
	}

	@Test
	void whenNoDebianArchiveThenNone() throws IOException {
		write("sources.list", "deb http://archive.example/ubuntu noble main\n");
		assertThat(AptSources.debianMirror(this.etcApt)).isEmpty();
	}

	private void write(String name, String text) throws IOException {
		Path file = this.etcApt.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

}
