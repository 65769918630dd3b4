package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository documents itself: every document the code cites is in {@code docs/}, every quoted
 * section is there, and the README's configuration table names exactly the properties the code
 * reads (the configuration metadata of our {@code @ConfigurationProperties} records, and every
 * {@code ${...}} placeholder).
 */
class DocsTests {

    static final Pattern CITATION = Pattern.compile("(docs/[a-z0-9-]+\\.md)(?: \"([^\"]+)\")?");
    static final Pattern OLD_NAMES = Pattern.compile("\\b(SPEC|ARCHITECTURE|STYLE)(\\.md)?\\b");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9.-]+)[:}]");
    /** Spring Boot's own settings that the README also explains; they are Boot's to define. */
    static final List<String> FRAMEWORK = List.of("spring.", "server.", "management.");

    @Test
    void everyCitationPointsIntoTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : sources()) {
            if (file.endsWith("DocsTests.java") || file.toString().contains("db/migration")) {
                // This class names the old documents to refuse them; a shipped migration is never
                // edited (Flyway checks its checksum), so its comments keep the names they had.
                continue;
            }
            String text = Files.readString(file);
            Matcher old = OLD_NAMES.matcher(text);
            while (old.find()) {
                problems.add(file + " cites " + old.group() + ", which is not in the repository");
            }
            Matcher citation = CITATION.matcher(text);
            while (citation.find()) {
                Path doc = Path.of(citation.group(1));
                if (!Files.exists(doc)) {
                    problems.add(file + " cites " + doc + ", which does not exist");
                } else if (citation.group(2) != null
                        && !plain(Files.readString(doc)).contains(plain(citation.group(2)))) {
                    problems.add(file + " cites \"" + citation.group(2) + "\", which " + doc + " does not say");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theReadmeConfigurationTableNamesEveryPropertyTheCodeReads() throws IOException {
        Set<String> documented = documentedProperties();
        Set<String> read = propertiesTheCodeReads();

        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(read);
        unknown.removeIf(key -> FRAMEWORK.stream().anyMatch(key::startsWith));

        assertThat(undocumented)
                .as("read by the code, missing from the README's table")
                .isEmpty();
        assertThat(unknown).as("in the README's table, read by no code").isEmpty();
    }

    /** The first column of the README's configuration table; {@code `a.b` / `c`} is a.b and a.c. */
    static Set<String> documentedProperties() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"));
        table = table.substring(0, table.indexOf("\n## ", 1));
        Set<String> keys = new TreeSet<>();
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            String first = line.split("\\|")[1];
            Matcher key = Pattern.compile("`([a-z][a-z0-9.*-]+)`").matcher(first);
            String prefix = "";
            while (key.find()) {
                String name = key.group(1);
                if (name.contains(".")) {
                    prefix = name.substring(0, name.lastIndexOf('.') + 1);
                } else {
                    name = prefix + name;
                }
                if (!name.endsWith("*")) {
                    keys.add(name);
                }
            }
        }
        return keys;
    }

    /** Our records' properties (from the configuration processor) and every placeholder in the code. */
    static Set<String> propertiesTheCodeReads() throws IOException {
        Set<String> keys = new TreeSet<>();
        Path metadata = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
        assertThat(metadata)
                .as("written by the configuration processor at compile time")
                .exists();
        JsonNode properties =
                JsonMapper.builder().build().readTree(metadata.toFile()).get("properties");
        for (JsonNode property : properties) {
            if (property.path("sourceType").asString("").startsWith("com.speedmatch.")) {
                keys.add(property.get("name").asString());
            }
        }
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path file :
                    files.filter(p -> p.toString().matches(".*\\.(java|yml)$")).toList()) {
                Matcher placeholder = PLACEHOLDER.matcher(Files.readString(file));
                while (placeholder.find()) {
                    keys.add(placeholder.group(1));
                }
            }
        }
        keys.removeIf(key -> FRAMEWORK.stream().anyMatch(key::startsWith));
        return keys;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(java|sql|yml|js|html|sh)$"))
                    .toList();
        }
    }

    private static String plain(String text) {
        // A quotation may run over a comment's line break.
        return text.replace("`", "")
                .replaceAll("\\s+\\*?\\s*", " ")
                .replace("*", "")
                .toLowerCase(Locale.ROOT);
    }
}
