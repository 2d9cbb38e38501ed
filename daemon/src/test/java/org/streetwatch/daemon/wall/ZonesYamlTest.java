package org.streetwatch.daemon.wall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The zone editor's text edit: only the camera's zones change; comments, layout and untouched zones stay. */
class ZonesYamlTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String FILE = """
            # streetwatch at Jiefang Rd — comments matter to the people who keep this file
            http: {bind: 0.0.0.0, port: 8080}
            cameras:
              - id: jiefang-rd-12   # north corner
                url: rtsp://10.1.2.3/1
                place: "解放路12号"
                zones:
                  # the shop fronts
                  - id: shopfront
                    type: no_vending              # checked every night
                    polygon: [[0.1, 0.5], [0.6, 0.5], [0.6, 0.95], [0.1, 0.95]]
                    unit: "JF-012"
                    rules: {street_vending: {dwell_s: 120}}   # per-zone override
                  - id: bays
                    type: bike_parking
                    polygon: [[0.7, 0.6], [0.9, 0.6], [0.9, 0.9]]
                rules: {street_vending: {min_props: 0}}
              - id: market
                url: rtsp://10.1.2.4/1
                zones: []
              - id: bare
                url: rtsp://10.1.2.5/1
              - id: flow
                url: rtsp://10.1.2.6/1
                zones:
                  - {id: a, type: road, polygon: [[0, 0], [1, 0], [1, 1]]}   # written on one line
            # the end
            """;

    private static JsonNode zone(String json) {
        return JSON.readTree(json);
    }

    @Test
    void aMovedZoneIsRewrittenAndEverythingElseKeepsItsBytes() throws Exception {
        List<JsonNode> zones = ZonesYaml.zones(FILE, "jiefang-rd-12");
        assertThat(zones).hasSize(2);
        JsonNode moved = zone("""
                {"id":"bays","type":"bike_parking","polygon":[[0.65,0.6],[0.9,0.6],[0.9,0.9],[0.7,0.92]],
                 "place":"","unit":null,"schedule":[],"rules":{}}""");
        String out = ZonesYaml.withZones(FILE, "jiefang-rd-12", List.of(zones.get(0), moved));
        assertThat(out).contains("""
                      # the shop fronts
                      - id: shopfront
                        type: no_vending              # checked every night
                        polygon: [[0.1, 0.5], [0.6, 0.5], [0.6, 0.95], [0.1, 0.95]]
                        unit: "JF-012"
                        rules: {street_vending: {dwell_s: 120}}   # per-zone override
                      - id: "bays"
                        type: "bike_parking"
                        polygon: [[0.65, 0.6], [0.9, 0.6], [0.9, 0.9], [0.7, 0.92]]
                    rules: {street_vending: {min_props: 0}}
                """);
        assertThat(out).startsWith("# streetwatch at Jiefang Rd").endsWith("""
                  - id: market
                    url: rtsp://10.1.2.4/1
                    zones: []
                  - id: bare
                    url: rtsp://10.1.2.5/1
                  - id: flow
                    url: rtsp://10.1.2.6/1
                    zones:
                      - {id: a, type: road, polygon: [[0, 0], [1, 0], [1, 1]]}   # written on one line
                # the end
                """);
        assertThat(ZonesYaml.zones(out, "jiefang-rd-12").get(1).get("polygon").get(3).get(1).doubleValue())
                .isEqualTo(0.92);
    }

    @Test
    void zonesAreAddedToAFlowListAndToACameraWithout() throws Exception {
        JsonNode stall = zone("""
                {"id":"night-market","type":"vending_allowed","polygon":[[0,0],[1,0],[1,1]],"place":"夜市",
                 "schedule":[{"days":"daily","from":"18:00","to":"23:30"}],"rules":{"street_vending":{"dwell_s":60}}}""");
        String out = ZonesYaml.withZones(FILE, "market", List.of(stall));
        out = ZonesYaml.withZones(out, "bare", List.of(stall));
        assertThat(out).contains("""
                    zones:
                      - id: "night-market"
                        type: "vending_allowed"
                        place: "夜市"
                        polygon: [[0, 0], [1, 0], [1, 1]]
                        schedule: [{days: "daily", from: "18:00", to: "23:30"}]
                        rules: {street_vending: {dwell_s: 60}}
                  - id: bare
                """);
        assertThat(ZonesYaml.zones(out, "bare")).hasSize(1);
        assertThat(ZonesYaml.zones(out, "bare").get(0).get("place").stringValue()).isEqualTo("夜市");
        assertThat(ZonesYaml.zones(out, "market").get(0).get("schedule").get(0).get("to").stringValue())
                .isEqualTo("23:30");
        assertThat(ZonesYaml.zones(ZonesYaml.withZones(out, "jiefang-rd-12", List.of()), "jiefang-rd-12")).isEmpty();
    }

    @Test
    void aZoneWrittenOnOneLineKeepsItsLineWhenAnotherIsAdded() throws Exception {
        List<JsonNode> zones = new java.util.ArrayList<>(ZonesYaml.zones(FILE, "flow"));
        zones.add(zone("{\"id\":\"b\",\"type\":\"mask\",\"polygon\":[[0,0.9],[1,0.9],[1,1]]}"));
        assertThat(ZonesYaml.withZones(FILE, "flow", zones)).endsWith("""
                    zones:
                      - {id: a, type: road, polygon: [[0, 0], [1, 0], [1, 1]]}   # written on one line
                      - id: "b"
                        type: "mask"
                        polygon: [[0, 0.9], [1, 0.9], [1, 1]]
                # the end
                """);
    }

    @Test
    void aCameraNoLongerInTheFileIsNamed() {
        assertThatThrownBy(() -> ZonesYaml.withZones(FILE, "gone", List.of()))
                .hasMessageContaining("camera gone is not in the config file");
    }
}
