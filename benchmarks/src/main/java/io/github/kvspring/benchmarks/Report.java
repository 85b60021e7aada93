package io.github.kvspring.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import javax.imageio.ImageIO;

import io.nats.client.Nats;

import org.springframework.data.redis.core.RedisKeyValueAdapter;

/**
 * Writes the results as a markdown table (each variant's ratio to its scenario's first variant) and a chart of
 * those ratios, with the machine, versions and date.
 */
final class Report {

	private final List<Result> results;

	private final List<String> notes;

	private final String serverVersion;

	private final String redisVersion;

	Report(List<Result> results, List<String> notes, String serverVersion, String redisVersion) {
		this.results = results;
		this.notes = notes;
		this.serverVersion = serverVersion;
		this.redisVersion = redisVersion;
	}

	void write(Path folder) throws IOException {
		Files.createDirectories(folder);
		Files.writeString(folder.resolve("benchmarks.md"), markdown());
		ImageIO.write(chart(), "png", folder.resolve("benchmarks.png").toFile());
		System.out.println("Wrote " + folder.resolve("benchmarks.md") + " and " + folder.resolve("benchmarks.png"));
	}

	private Map<String, List<Result>> byScenario() {
		Map<String, List<Result>> scenarios = new LinkedHashMap<>();
		this.results.forEach((result) -> scenarios.computeIfAbsent(result.scenario(), (key) -> new ArrayList<>()).add(result));
		return scenarios;
	}

	private static double ratio(Result result, Result baseline) {
		return result.higherIsBetter() ? result.value() / baseline.value() : baseline.value() / result.value();
	}

	private String markdown() {
		StringBuilder text = new StringBuilder();
		text.append("# Benchmarks\n\n");
		text.append("Measured ").append(LocalDate.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ").append(System.getProperty("java.version")).append(", ")
			.append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
			.append(", nats-server ").append(this.serverVersion).append(" on 127.0.0.1, jnats ")
			.append(Nats.CLIENT_VERSION).append("; redis-server ").append(this.redisVersion)
			.append(" on 127.0.0.1 (append-only file, synced every second), Spring Data Redis ")
			.append(RedisKeyValueAdapter.class.getPackage().getImplementationVersion())
			.append(" with Lettuce. Each figure is the median of ").append(Measurement.RUNS).append(" runs after ")
			.append(Measurement.WARMUPS).append(" warm-up runs (100k scans: 3 runs after 1), all in one process. "
					+ "The ratio compares each variant with the first of its scenario (above 1 is better; "
					+ "against Redis, it is kv-spring's multiple of Spring Data Redis).\n\n");
		text.append("| scenario | variant | figure | ratio |\n|---|---|---:|---:|\n");
		byScenario().forEach((scenario, variants) -> {
			Result baseline = variants.get(0);
			for (Result result : variants) {
				text.append("| ").append(scenario).append(" | ").append(result.variant()).append(" | ")
					.append(String.format(Locale.ROOT, "%,.0f %s", result.value(), result.unit())).append(" | ")
					.append(String.format(Locale.ROOT, "%.2fx", ratio(result, baseline))).append(" |\n");
			}
		});
		this.notes.forEach((note) -> text.append("\n").append(note).append('\n'));
		text.append("\n![ratios](benchmarks.png)\n\nRegenerate with `mvn -q install -DskipTests && "
				+ "mvn -q -pl benchmarks exec:java`.\n");
		return text.toString();
	}

	private BufferedImage chart() {
		List<Result> rows = this.results;
		int rowHeight = 24;
		int width = 1000;
		int left = 430;
		int height = 60 + rows.size() * rowHeight + 45;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(new Color(0x1d2433));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		g.drawString("Ratio to each scenario's first variant, log scale (right of the red line is better)", 20, 30);
		Map<String, List<Result>> scenarios = byScenario();
		double min = 1;
		double max = 1;
		for (List<Result> variants : scenarios.values()) {
			for (Result result : variants) {
				min = Math.min(min, ratio(result, variants.get(0)));
				max = Math.max(max, ratio(result, variants.get(0)));
			}
		}
		// A log scale: the ratios run from far below 1 (a count Redis keeps) to far above (a scan against a loop).
		double low = Math.floor(Math.log10(min));
		double high = Math.ceil(Math.log10(max));
		double plot = width - left - 80;
		DoubleUnaryOperator x = (ratio) -> left
				+ (Math.log10(Math.max(ratio, Math.pow(10, low))) - low) / (high - low) * plot;
		int top = 45;
		int bottom = 55 + rows.size() * rowHeight;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (double power = low; power <= high; power++) {
			int at = (int) x.applyAsDouble(Math.pow(10, power));
			g.setColor(new Color(0xe3e6ec));
			g.drawLine(at, top, at, bottom);
			g.setColor(new Color(0x6b7280));
			g.drawString(String.format(Locale.ROOT, (power < 0) ? "%.3gx" : "%.0fx", Math.pow(10, power)), at - 10,
					bottom + 16);
		}
		int one = (int) x.applyAsDouble(1);
		int y = 55;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		for (List<Result> variants : scenarios.values()) {
			Result baseline = variants.get(0);
			for (Result result : variants) {
				double ratio = ratio(result, baseline);
				int end = (int) x.applyAsDouble(ratio);
				g.setColor(new Color(0x1d2433));
				g.drawString(result.scenario() + " · " + result.variant(), 20, y + 16);
				g.setColor((result == baseline) ? new Color(0xb4bac6)
						: (ratio >= 1) ? new Color(0x2f6fde) : new Color(0xd97706));
				g.fillRect(Math.min(one, end), y + 4, Math.max(2, Math.abs(end - one)), rowHeight - 8);
				g.setColor(new Color(0x1d2433));
				g.drawString(String.format(Locale.ROOT, "%.2fx", ratio), Math.max(one, end) + 6, y + 16);
				y += rowHeight;
			}
		}
		g.setColor(new Color(0xc8372d));
		g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 4f }, 0f));
		g.drawLine(one, top, one, bottom);
		g.dispose();
		return image;
	}

}
