package io.github.kvspring.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A markdown report of the benchmarks: written by a check, read back by {@link ReadmeFigures}. Reading is strict:
 * a missing file, table, row or sentence fails with the file's path and what was looked for.
 */
final class Markdown {

	private final Path file;

	private final String text;

	private Markdown(Path file, String text) {
		this.file = file;
		this.text = text;
	}

	/**
	 * Writes a report into a folder (created if missing) and prints it.
	 */
	static void write(Path folder, String name, String report) throws IOException {
		Files.createDirectories(folder);
		Files.writeString(folder.resolve(name), report);
		System.out.println(report);
	}

	static Markdown read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(file + " is missing: run scripts/run-benchmarks.sh to write it");
		}
		return new Markdown(file, Files.readString(file));
	}

	Path file() {
		return this.file;
	}

	/**
	 * The first match of a pattern in the text, each line break within a paragraph read as a space (the reports
	 * wrap their prose).
	 * @param what what the pattern finds, for the failure's message
	 */
	Matcher find(String what, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(this.text.replaceAll("(?<!\n)\n(?!\n)", " "));
		if (!matcher.find()) {
			throw new IllegalStateException(this.file + " has no " + what + " (looked for /" + regex + "/)");
		}
		return matcher;
	}

	/**
	 * The table under a header row of exactly these column names, its rows keyed by their first
	 * {@code keyColumns} cells.
	 */
	Table table(int keyColumns, String... header) {
		String headerLine = "| " + String.join(" | ", header) + " |";
		List<String> lines = this.text.lines().toList();
		int at = lines.indexOf(headerLine);
		if (at < 0 || at + 1 >= lines.size() || !lines.get(at + 1).matches("\\|(-+:?\\|)+")) {
			throw new IllegalStateException(this.file + " has no table headed " + headerLine);
		}
		Map<List<String>, List<String>> rows = new LinkedHashMap<>();
		for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String line = lines.get(i);
			if (!line.endsWith("|")) {
				throw new IllegalStateException(this.file + ": a row of the table headed " + headerLine
						+ " does not end with '|': " + line);
			}
			List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
				.map(String::strip)
				.toList();
			if (cells.size() != header.length) {
				throw new IllegalStateException(this.file + ": a row of the table headed " + headerLine + " has "
						+ cells.size() + " cells, not " + header.length + ": " + line);
			}
			if (rows.put(cells.subList(0, keyColumns), cells.subList(keyColumns, cells.size())) != null) {
				throw new IllegalStateException(this.file + ": the table headed " + headerLine
						+ " has the row " + Table.describe(cells.subList(0, keyColumns)) + " twice");
			}
		}
		return new Table(this.file, headerLine, rows);
	}

	/**
	 * A table's rows, each the cells after its key.
	 */
	record Table(Path file, String header, Map<List<String>, List<String>> rows) {

		/**
		 * The cells after the key of the row with this key.
		 */
		List<String> row(String... key) {
			List<String> cells = this.rows.get(List.of(key));
			if (cells == null) {
				throw new IllegalStateException(this.file + ": the table headed " + this.header + " has no row "
						+ describe(List.of(key)));
			}
			return cells;
		}

		/**
		 * A cell of the row with this key, counted after the key, which must match a pattern.
		 */
		String cell(int column, String regex, String... key) {
			String cell = row(key).get(column);
			if (!cell.matches(regex)) {
				throw new IllegalStateException(this.file + ": in the table headed " + this.header + ", the row "
						+ describe(List.of(key)) + " has '" + cell + "', not of the form /" + regex + "/");
			}
			return cell;
		}

		static String describe(List<String> key) {
			return "| " + String.join(" | ", key) + " |";
		}

	}

}
