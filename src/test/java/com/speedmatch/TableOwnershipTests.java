package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.shared.OwnedTables;
import com.speedmatch.shared.ReadModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One owner per table: each module names its tables ({@link OwnedTables}); SQL in a module touches
 * only those, or another module's tables that the class declares as a {@link ReadModel}. The SQL is
 * read where it is written, in the string literals and text blocks of the main sources, which
 * ArchUnit cannot see.
 */
class TableOwnershipTests {

    private static final Path SOURCES = Path.of("src/main/java/com/speedmatch");
    private static final Pattern READ = Pattern.compile("\\b(?:from|join)\\s+(\\w+)");
    private static final Pattern WRITE = Pattern.compile("\\b(?:into|update|delete\\s+from)\\s+(\\w+)");
    private static final Pattern STRING =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern TYPE =
            Pattern.compile("^(?:public |final |abstract )*(?:class|interface|record|enum) (\\w+)", Pattern.MULTILINE);

    static final Map<String, String> owners = new HashMap<>();

    record Use(String module, String file, String table, boolean write) {}

    @BeforeAll
    static void readOwners() throws IOException {
        try (Stream<Path> modules = Files.list(SOURCES)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                OwnedTables owned = packageOf(module.getFileName().toString()).getAnnotation(OwnedTables.class);
                if (owned != null) {
                    for (String table : owned.value()) {
                        assertThat(owners.put(table, module.getFileName().toString()))
                                .as("owners of " + table)
                                .isNull();
                    }
                }
            }
        }
    }

    @Test
    void everyTableTheMigrationsCreateHasExactlyOneOwningModule() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path migration : migrations.toList()) {
                Matcher m = Pattern.compile("(?i)create table (?:if not exists )?(\\w+)")
                        .matcher(Files.readString(migration));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void sqlTouchesOnlyTheModulesOwnTablesOrTheForeignOnesItsClassDeclares() throws Exception {
        List<String> undeclared = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                String module =
                        relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                String source = Files.readString(file);
                Set<String> declaredReads = new TreeSet<>();
                for (Class<?> type : typesIn(module, file, source)) {
                    ReadModel model = type.getAnnotation(ReadModel.class);
                    if (model != null) {
                        declaredReads.addAll(List.of(model.reads()));
                    }
                }
                Set<String> read = new TreeSet<>();
                for (Use use : uses(module, file, source)) {
                    if (module.equals(owners.get(use.table()))) {
                        continue;
                    }
                    // Another module's table is never written here: only read, and only when declared.
                    if (!use.write()) {
                        read.add(use.table());
                    }
                    if (use.write() || !declaredReads.contains(use.table())) {
                        undeclared.add(file.getFileName() + " (" + module + ") " + (use.write() ? "writes " : "reads ")
                                + use.table() + " of " + owners.get(use.table()));
                    }
                }
                declaredReads.stream()
                        .filter(t -> !read.contains(t))
                        .forEach(t -> unused.add(file.getFileName() + " reads " + t));
            }
        }
        assertThat(undeclared)
                .as("SQL on another module's table without a @ReadModel naming it")
                .isEmpty();
        assertThat(unused)
                .as("@ReadModel declarations that no SQL in the class uses")
                .isEmpty();
    }

    @Test
    void everyEntityMapsATableOfItsOwnModule() throws Exception {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String module = SOURCES.relativize(file).getName(0).toString();
                Matcher table =
                        Pattern.compile("@Table\\(name\\s*=\\s*\"(\\w+)\"").matcher(Files.readString(file));
                while (table.find()) {
                    assertThat(owners.get(table.group(1)))
                            .as(file.getFileName() + " maps " + table.group(1))
                            .isEqualTo(module);
                }
            }
        }
    }

    private static List<Use> uses(String module, Path file, String source) {
        List<Use> uses = new ArrayList<>();
        Matcher literal = STRING.matcher(source);
        while (literal.find()) {
            String sql = (literal.group(1) != null ? literal.group(1) : literal.group(2)).toLowerCase();
            for (Pattern kind : List.of(READ, WRITE)) {
                Matcher m = kind.matcher(sql);
                while (m.find()) {
                    if (owners.containsKey(m.group(1))) {
                        uses.add(new Use(module, file.getFileName().toString(), m.group(1), kind == WRITE));
                    }
                }
            }
        }
        return uses;
    }

    private static List<Class<?>> typesIn(String module, Path file, String source) throws ClassNotFoundException {
        String relative = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        String pkg = relative.isEmpty() ? "com.speedmatch" : "com.speedmatch." + relative;
        List<Class<?>> types = new ArrayList<>();
        Matcher m = TYPE.matcher(source);
        while (m.find()) {
            types.add(Class.forName(pkg + "." + m.group(1), false, TableOwnershipTests.class.getClassLoader()));
        }
        return types;
    }

    private static Package packageOf(String module) {
        try {
            return Class.forName("com.speedmatch." + module + ".package-info").getPackage();
        } catch (ClassNotFoundException e) {
            return TableOwnershipTests.class.getClassLoader().getDefinedPackage("com.speedmatch." + module);
        }
    }
}
