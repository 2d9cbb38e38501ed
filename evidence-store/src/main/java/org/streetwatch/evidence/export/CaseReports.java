package org.streetwatch.evidence.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseFields;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.export.proto.EvidenceFile.Builder;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;
import org.streetwatch.violation.Violation;
import tools.jackson.databind.json.JsonMapper;

/** Builds the message the command centre receives for a confirmed case. */
public final class CaseReports {

    /** Counts keyed {@code bicycle:BRAND} are shared bikes of that operator. */
    private static final String BRAND_PREFIX = "bicycle:";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EvidenceFolder folder;
    private final String keyId;

    /** @param keyId the fingerprint of the key that signs manifests */
    public CaseReports(EvidenceFolder folder, String keyId) {
        this.folder = folder;
        this.keyId = keyId;
    }

    /**
     * Built from the case's records: every value into the scalar or Timestamp field named as it is (rule, camera,
     * onset_at ...: a value's Java type is its field's), then those the message shapes its own way (counts, files,
     * provenance, codes).
     */
    public CaseReport of(Case c) throws IOException {
        Case.What what = c.what();
        Case.Evidence evidence = c.evidence();
        CaseReport.Builder b = CaseReport.newBuilder();
        for (CaseFields.Field f : CaseFields.ALL) {
            FieldDescriptor fd = CaseReport.getDescriptor().findFieldByName(f.name());
            Object v = f.value(c);
            if (fd == null || fd.isRepeated() || v == null) {
                continue;
            }
            if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                b.setField(fd, v);
            } else if (f.time() && fd.getMessageType().equals(Timestamp.getDescriptor())) {
                b.setField(fd, ts((Long) v));
            }
        }
        b.setCaseId(c.id())
                .setSigningKeyId(keyId)
                .setReviewNote(nz(c.review().reason()))
                .setWarning(Violation.warning(c.violationId()))
                .setEvidenceDir(evidence.dir());
        for (Map.Entry<String, Integer> e : what.counts().entrySet()) {
            if (e.getKey().startsWith(BRAND_PREFIX)) {
                b.putBikeBrands(e.getKey().substring(BRAND_PREFIX.length()), e.getValue());
            } else {
                b.putCounts(e.getKey(), e.getValue());
            }
        }
        for (EvidenceFile f : evidence.files()) {
            Builder fb = org.streetwatch.evidence.export.proto.EvidenceFile.newBuilder()
                    .setName(f.name()).setRole(f.role()).setSha256(f.sha256()).setBytes(f.bytes());
            b.addFiles(fb);
        }
        if (what.provenance() != null) {
            b.setProvenance(provenance(what.provenance()));
        }
        BureauCodes codes = what.codes();
        if (codes != null) {
            b.setEventClass(codes.eventClass()).setEventCode(codes.eventCode()).setGrid(nz(codes.grid()));
            if (codes.longitude() != null) {
                b.setLongitude(codes.longitude()).setLatitude(codes.latitude());
            }
        }
        Path sig = folder.resolve(evidence.dir()).resolve("manifest.sig");
        if (Files.exists(sig)) {
            b.setManifestSignature(ByteString.copyFrom(Base64.getDecoder().decode(Files.readString(sig).strip())));
        }
        return b.build();
    }

    private static org.streetwatch.evidence.export.proto.Provenance provenance(Provenance p) {
        var b = org.streetwatch.evidence.export.proto.Provenance.newBuilder()
                .setModel(p.model())
                .setModelSha256(p.modelSha256())
                .setConfigSha256(p.configSha256())
                .setSoftwareVersion(p.softwareVersion())
                .setClockOffsetMs(p.clockOffsetMs());
        p.parameters().forEach((k, v) -> b.putParameters(k, JSON.writeValueAsString(v)));
        return b.build();
    }

    private static Timestamp ts(long ms) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(ms, 1000)).setNanos((int) Math.floorMod(ms, 1000) * 1_000_000)
                .build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
