package org.streetwatch.daemon.wall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.YamlFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Replaces one camera's {@code zones:} in the text of streetwatch.yaml and leaves every other byte as it was: the
 * rest of the file keeps its comments and layout, and so does each zone the edit left unchanged. YAML libraries that
 * write a whole tree drop comments, so this edits the text at the positions SnakeYAML Engine reports for the nodes.
 * A changed zone is written afresh in block style (its own comments go with the old version).
 */
final class ZonesYaml {

    /** The edit cannot be made (the camera is gone, the file is not YAML...): a message for the operator. */
    static final class EditException extends Exception {
        EditException(String message) {
            super(message);
        }
    }

    /** The order a zone's keys are written in. */
    private static final String[] KEYS = {"id", "type", "place", "unit", "polygon", "schedule", "rules"};
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("[ \\t]*(#[^\\n]*)?");

    private ZonesYaml() {
    }

    /** The camera's zones as the file holds them, one JSON object each (unknown to the schema or not: as written). */
    static List<JsonNode> zones(String yaml, String cameraId) throws EditException {
        Node zones = tuple(camera(compose(yaml), cameraId), "zones");
        List<JsonNode> out = new ArrayList<>();
        if (zones instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                out.add(parse(yaml, item));
            }
        }
        return out;
    }

    /** The text with the camera's zones replaced by {@code zones} (JSON objects with the keys of a zone). */
    static String withZones(String yaml, String cameraId, List<JsonNode> zones) throws EditException {
        MappingNode camera = camera(compose(yaml), cameraId);
        NodeTuple zonesTuple = null;
        for (NodeTuple t : camera.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("zones")) {
                zonesTuple = t;
            }
        }
        if (zonesTuple == null) {
            if (camera.getFlowStyle() == FlowStyle.FLOW) {
                throw new EditException("camera " + cameraId + " is written in flow style {...}; add its zones by hand");
            }
            int col = column(camera);
            int at = contentEnd(yaml, camera);
            return yaml.substring(0, at) + "\n" + " ".repeat(col) + "zones:\n" + " ".repeat(col + 2)
                    + items(yaml, List.of(), zones, col + 2) + yaml.substring(at);
        }
        Node value = zonesTuple.getValueNode();
        if (value instanceof SequenceNode seq && seq.getFlowStyle() == FlowStyle.BLOCK && !seq.getValue().isEmpty()) {
            int col = column(seq);
            return yaml.substring(0, index(yaml, seq.getStartMark())) + items(yaml, seq.getValue(), zones, col)
                    + yaml.substring(contentEnd(yaml, seq));
        }
        // flow ([...]) or empty: the new list goes on the lines below the key
        int col = column(zonesTuple.getKeyNode()) + 2;
        int from = index(yaml, value.getStartMark());
        int to = index(yaml, value.getEndMark());
        if (value instanceof ScalarNode s && s.getValue().isEmpty()) {
            from = yaml.indexOf(':', index(yaml, zonesTuple.getKeyNode().getEndMark())) + 1;
            to = from;
        }
        String list = zones.isEmpty() ? " []" : "\n" + " ".repeat(col) + items(yaml, List.of(), zones, col);
        return yaml.substring(0, from).stripTrailing() + list + yaml.substring(to);
    }

    /** The block sequence's items, the first without its indentation; unchanged zones keep their original text. */
    private static String items(String yaml, List<Node> old, List<JsonNode> zones, int col) throws EditException {
        if (zones.isEmpty()) {
            return "[]";
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode z : zones) {
            if (!out.isEmpty()) {
                out.append('\n').append(" ".repeat(col));
            }
            Node same = null;
            for (Node o : old) {
                if (same == null && normal(parse(yaml, o)).equals(normal(z))) {
                    same = o;
                }
            }
            if (same != null && column(same) > col) {
                out.append('-').append(" ".repeat(column(same) - col - 1))
                        .append(yaml, index(yaml, same.getStartMark()), contentEnd(yaml, same));
            } else {
                out.append("- ").append(block(z, col + 2));
            }
        }
        return out.toString();
    }

    /** A zone as a block mapping whose continuation lines are indented by {@code col}. */
    private static String block(JsonNode zone, int col) {
        StringBuilder out = new StringBuilder();
        for (String key : KEYS) {
            JsonNode v = zone.get(key);
            if (v == null || v.isNull() || (v.isString() && v.stringValue().isBlank()) || (v.isContainer() && v.isEmpty())) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n').append(" ".repeat(col));
            }
            out.append(key).append(": ").append(flow(v));
        }
        return out.toString();
    }

    /** A value in YAML flow style: strings double-quoted (JSON escapes are YAML escapes), numbers as they are. */
    private static String flow(JsonNode v) {
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            for (var e : v.properties()) {
                String k = PLAIN_KEY.matcher(e.getKey()).matches() ? e.getKey() : JsonNodeFactory.instance
                        .stringNode(e.getKey()).toString();
                parts.add(k + ": " + flow(e.getValue()));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : v.values()) {
                parts.add(flow(e));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return v.toString();
    }

    /** For comparing zones: numbers as doubles, empty values dropped, keys in any order. */
    private static JsonNode normal(JsonNode v) {
        if (v.isNumber()) {
            return JsonNodeFactory.instance.numberNode(v.doubleValue());
        }
        if (v.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            v.values().forEach(e -> a.add(normal(e)));
            return a;
        }
        if (v.isObject()) {
            var o = JsonNodeFactory.instance.objectNode();
            for (var e : v.properties()) {
                JsonNode x = e.getValue();
                if (!(x.isNull() || (x.isString() && x.stringValue().isBlank()) || (x.isContainer() && x.isEmpty()))) {
                    o.set(e.getKey(), normal(x));
                }
            }
            return o;
        }
        return v;
    }

    /** One node's text parsed on its own (indented as it stands, which YAML allows). */
    private static JsonNode parse(String yaml, Node node) throws EditException {
        int from = index(yaml, node.getStartMark());
        String text = " ".repeat(column(node)) + yaml.substring(from, contentEnd(yaml, node));
        try {
            return YamlFiles.read(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "zone");
        } catch (ConfigException e) {
            throw new EditException("cannot read a zone of the file: " + e.getMessage());
        }
    }

    private static MappingNode compose(String yaml) throws EditException {
        try {
            Optional<Node> root = new Compose(LoadSettings.builder().setUseMarks(true).build()).composeString(yaml);
            if (root.isPresent() && root.get() instanceof MappingNode m) {
                return m;
            }
        } catch (YamlEngineException e) {
            throw new EditException("the config file is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        throw new EditException("the config file is not a mapping of settings");
    }

    private static MappingNode camera(MappingNode root, String cameraId) throws EditException {
        if (tuple(root, "cameras") instanceof SequenceNode cams) {
            for (Node c : cams.getValue()) {
                if (c instanceof MappingNode m && tuple(m, "id") instanceof ScalarNode id && id.getValue().equals(cameraId)) {
                    return m;
                }
            }
        }
        throw new EditException("camera " + cameraId + " is not in the config file (removed meanwhile?)");
    }

    private static Node tuple(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /**
     * Where a node's own text ends: a block collection's end mark lies at the next token (after blank lines and
     * comments that belong to what follows), so its last leaf's end is used; a comment on that line stays with it.
     */
    private static int contentEnd(String yaml, Node node) {
        Node last = node;
        while (isBlock(last)) {
            if (last instanceof MappingNode m && !m.getValue().isEmpty()) {
                last = m.getValue().get(m.getValue().size() - 1).getValueNode();
            } else if (last instanceof SequenceNode s && !s.getValue().isEmpty()) {
                last = s.getValue().get(s.getValue().size() - 1);
            } else {
                break;
            }
        }
        int end = index(yaml, last.getEndMark());
        int eol = yaml.indexOf('\n', end);
        eol = eol < 0 ? yaml.length() : eol;
        return TRAILING_COMMENT.matcher(yaml.substring(end, eol)).matches() ? eol : end;
    }

    private static boolean isBlock(Node n) {
        return n instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.BLOCK;
    }

    private static int column(Node n) {
        return n.getStartMark().orElseThrow().getColumn();
    }

    /** A mark's position as a string index (SnakeYAML counts code points). */
    private static int index(String yaml, Optional<Mark> mark) {
        return yaml.offsetByCodePoints(0, mark.orElseThrow().getIndex());
    }
}
