package com.speedmatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A shipped migration is never edited, not even a comment: Flyway compares each one with the
 * checksum it recorded when it ran, and refuses to start the service on a database where they
 * differ. The shipped ones are listed with their CRC-32 in {@code db/shipped-migrations.txt}.
 */
class MigrationsTests {

    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    static final Path SHIPPED = Path.of("src/test/resources/db/shipped-migrations.txt");

    @Test
    void everyMigrationIsAsItShipped() throws IOException {
        Map<String, String> shipped = Files.readAllLines(SHIPPED).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split(" "))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1], (a, b) -> a, TreeMap::new));

        Map<String, String> now = new TreeMap<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(file));
                now.put(file.getFileName().toString(), HexFormat.of().toHexDigits((int) crc.getValue()));
            }
        }

        assertThat(now)
                .as("a migration changed after it shipped, or a new one is not listed in " + SHIPPED)
                .isEqualTo(shipped);
    }
}
