package org.streetwatch.daemon.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.violation.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true, description = {
        "Re-runs a case's stored stills through the model that decided it (refused unless the models folder holds",
        "weights with the SHA-256 the case recorded) and compares what the model finds on each still, inside the",
        "area where the case's objects stood, with the objects the case counted. Prints one line per still and a",
        "verdict. Exit 0 if the confirming still shows every kind the case counted at least as many times, 1 if not,",
        "2 if the case cannot be explained (unknown id, no provenance, files purged, other weights)."})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE_ID", description = "The case, as `streetwatch cases` lists it")
    String caseId;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config whose cases to read")
    Path config;

    @Override
    public Integer call() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(config);
        Case c;
        try (Database db = cfg.openDatabase()) {
            c = new CaseStore(db).get(caseId).orElseThrow(() -> CommandFailure.usage("no case " + caseId
                    + " in the database of " + config));
        }
        Provenance p = c.what().provenance();
        if (p == null) {
            throw CommandFailure.usage("case " + caseId + " was recorded before cases kept their provenance: "
                    + "nothing says which model decided it");
        }
        if (c.evidence().purgedAt() != null) {
            throw CommandFailure.usage("case " + caseId + ": retention removed its stills");
        }
        ModelCatalog catalog = new ModelCatalog(cfg.modelDirs());
        ModelDescriptor d = catalog.descriptor(p.model());
        if (!d.sha256().equals(p.modelSha256())) {
            throw CommandFailure.usage("case " + caseId + " was decided by model " + p.model() + " with weights "
                    + "SHA-256 " + p.modelSha256() + ", but the models folder now holds " + d.sha256()
                    + ": refusing to explain it with other weights");
        }
        Map<String, Integer> counted = new LinkedHashMap<>();
        c.what().counts().forEach((kind, n) -> {
            if (!kind.contains(":")) { // bicycle:BRAND is the brand classifier's, not the detector's
                counted.put(kind, n);
            }
        });
        System.out.println("case " + caseId + ": " + c.what().rule() + " on camera " + c.where().camera() + " zone "
                + c.where().zone()
                + ", counted " + counted + "; model " + p.model() + " (weights as recorded), rule settings "
                + p.parameters());
        Path dir = cfg.evidenceDir().resolve(c.evidence().dir());
        List<EvidenceFile> stills = c.evidence().files().stream().filter(f -> f.role().equals("still")).toList();
        if (stills.isEmpty()) {
            throw CommandFailure.usage("case " + caseId + " has no stills to re-run");
        }
        String shortfall = null;
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            for (EvidenceFile f : stills) {
                Path still = dir.resolve(f.name());
                if (!Files.isRegularFile(still)) {
                    throw CommandFailure.usage("case " + caseId + ": " + f.name() + " is missing");
                }
                Map<String, Integer> found = found(det, still, c.where().area(), counted.keySet());
                shortfall = shortfall(counted, found); // the last still is the confirming one
                System.out.println(f.name() + ": " + found + (shortfall == null ? "" : " (" + shortfall + ")")
                        + (EvidenceFolder.sha256(still).equals(f.sha256()) ? ""
                        : "; differs from its signed manifest (verify names it), re-run as it is"));
            }
        }
        if (shortfall != null) {
            System.out.println("NOT REPRODUCED: the confirming still shows " + shortfall);
            return 1;
        }
        System.out.println("REPRODUCED: the confirming still shows every kind the case counted");
        return 0;
    }

    /** Confident detections of the counted kinds whose centre lies in the case's area (the whole still if none). */
    private static Map<String, Integer> found(Detector det, Path still, float[] area, Iterable<String> kinds)
            throws Exception {
        Map<String, Integer> found = new LinkedHashMap<>();
        kinds.forEach(k -> found.put(k, 0));
        try (Mat m = imread(still.toString())) {
            if (m == null || m.empty()) {
                throw new CommandFailure(still.getFileName() + " is not a picture");
            }
            for (Detection x : det.detect(m)) {
                float cx = (x.box().x1() + x.box().x2()) / 2 / m.cols();
                float cy = (x.box().y1() + x.box().y2()) / 2 / m.rows();
                boolean inside = area == null || cx >= area[0] && cx <= area[2] && cy >= area[1] && cy <= area[3];
                if (inside && x.kind() != null && found.containsKey(x.kind())) {
                    found.merge(x.kind(), 1, Integer::sum);
                }
            }
        }
        return found;
    }

    /** What falls short of the case's counts, or null if nothing does. */
    private static String shortfall(Map<String, Integer> counted, Map<String, Integer> found) {
        List<String> missing = new ArrayList<>();
        counted.forEach((kind, n) -> {
            if (found.get(kind) < n) {
                missing.add(kind + " " + found.get(kind) + " where the case counted " + n);
            }
        });
        return missing.isEmpty() ? null : String.join(", ", missing);
    }
}
