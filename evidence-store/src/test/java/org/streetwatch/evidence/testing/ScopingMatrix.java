package org.streetwatch.evidence.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A role × district × endpoint matrix as Markdown, for the closing note: each cell what was answered. */
public final class ScopingMatrix {

    private ScopingMatrix() {
    }

    /**
     * Writes target/NAME.md: one row per endpoint, one column per person; a cell that differs from what was expected
     * reads {@code got (expected ...)}.
     */
    public static void write(String name, String title, String preface, List<String> people,
                             Map<String, List<String>> seen, Map<String, List<String>> expected) throws IOException {
        StringBuilder md = new StringBuilder("# " + title + "\n\n" + preface + " A differing cell: `got (expected ...)`."
                + "\n\n| endpoint | " + String.join(" | ", people) + " |\n|---|" + "---|".repeat(people.size()) + "\n");
        for (Map.Entry<String, List<String>> row : seen.entrySet()) {
            md.append("| `").append(row.getKey()).append("` |");
            for (int i = 0; i < people.size(); i++) {
                String got = row.getValue().get(i);
                String want = expected.get(row.getKey()).get(i);
                md.append(' ').append(got.equals(want) ? got : got + " (expected " + want + ")").append(" |");
            }
            md.append('\n');
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", name + ".md"), md);
    }
}
