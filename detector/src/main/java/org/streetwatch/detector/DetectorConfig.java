package org.streetwatch.detector;

import java.time.Duration;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.ZoneCrop;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;

/** The {@code detector} section of streetwatch.yaml: the model, how it runs, and what of each picture it sees. */
public final class DetectorConfig {

    /** The section's key in streetwatch.yaml. */
    public static final String SECTION = "detector";

    public static final String MODEL = "model";
    public static final String MODELS_DIR = "models_dir";
    public static final String THREADS = "threads";
    public static final String INTER_THREADS = "inter_threads";
    public static final String SESSIONS = "sessions";
    public static final String WORKERS = "workers";
    public static final String MAX_BATCH = "max_batch";
    public static final String MAX_WAIT_MS = "max_wait_ms";
    public static final String TILES = "tiles";
    public static final String ZONE_CROP = "zone_crop";
    public static final String ZONE_CROP_MAX = "zone_crop_max";
    public static final String ZONE_PACK = "zone_pack";
    public static final String CUDA = "cuda";
    public static final String FIT_INPUT = "fit_input";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(MODEL, Type.STRING, "yolox_nano",
                    Validator.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", "1-64 letters, digits, '_', '-', '.'"),
                    "Model descriptor name: models/NAME.yaml (built in: yolox_nano, fastestdet_352)")
            .define(MODELS_DIR, Type.STRING, "", "Folder with descriptors and weights; empty: $STREETWATCH_MODELS, then ./models")
            .define(THREADS, Type.INT, 1, Validator.between(0, 256),
                    "ONNX Runtime intra-op threads per inference (0: one per core)")
            .define(INTER_THREADS, Type.INT, 1, Validator.between(1, 64),
                    "ONNX Runtime inter-op threads per inference")
            .define(SESSIONS, Type.INT, 1, Validator.between(1, 16),
                    "Sessions of the model; more than one lets workers infer in parallel without sharing threads")
            .define(WORKERS, Type.INT, 1, Validator.between(1, 64),
                    "Analysis threads: frames of different cameras analysed at once")
            .define(MAX_BATCH, Type.INT, 1, Validator.between(1, 64),
                    "Pictures per inference run, for models with a dynamic batch dimension")
            .define(MAX_WAIT_MS, Type.INT, 5, Validator.between(0, 1000),
                    "How long a batch waits for pictures from other cameras before it runs")
            .define(TILES, Type.STRING, "none", Validator.matches("none|[1-4]x[1-4]", "none or CxR, e.g. 2x1"),
                    "Also detect on C x R overlapping tiles of the full picture (small, distant objects)")
            .define(ZONE_CROP, Type.BOOLEAN, false,
                    "Detect on the boxes of the zones whose rules need the picture now (with room above them): a "
                    + "fitted input costs each box its share of the pixels; the others keep their last detections")
            .define(ZONE_CROP_MAX, Type.DOUBLE, 0.85, Validator.between(0.05, 1),
                    "Largest share of the picture those boxes may cover together; beyond it the whole picture is used")
            .define(ZONE_PACK, Type.BOOLEAN, false,
                    "With zone_crop and a fixed-size input (not fit_input): up to four cameras' boxes that fit a "
                    + "quarter of the input at no less than the whole picture's scale share one inference (2x2 "
                    + "tiles), waiting max_wait_ms for partners")
            .define(CUDA, Type.BOOLEAN, false,
                    "Run the detector on the CUDA execution provider (GPU 0); refused at start without one")
            .define(FIT_INPUT, Type.BOOLEAN, true,
                    "Where the model allows (input.fit), size its input to each picture instead of padding it to a "
                    + "square, and detect a zone crop at its picture's scale: fewer pixels, objects as large");

    private DetectorConfig() {
    }

    /** Packing needs the zones' boxes it packs: without {@code zone_crop} it would be silently off. */
    public static void validate(Settings s, String file) throws ConfigException {
        if (s.getBoolean(ZONE_PACK) && !s.getBoolean(ZONE_CROP)) {
            throw new ConfigException(file, SECTION + "." + ZONE_PACK, "needs " + ZONE_CROP + ": true (it packs the "
                    + "zone boxes of several cameras into one inference)");
        }
    }

    /**
     * The detector's settings, typed.
     *
     * @param modelsDir folder with descriptors and weights as written (relative to the config file); empty: the
     *                  default folders
     * @param workers   analysis threads, and as many inference lanes
     */
    public record Params(String model, String modelsDir, int threads, int interThreads, int sessions, int workers,
                         int maxBatch, Duration maxWait, Tiling tiles, ZoneCrop zoneCrop, boolean zonePack,
                         boolean cuda, boolean fitInput) {

        public static Params of(Settings s) {
            return new Params(s.getString(MODEL), s.getString(MODELS_DIR), s.getInt(THREADS), s.getInt(INTER_THREADS),
                    s.getInt(SESSIONS), s.getInt(WORKERS), s.getInt(MAX_BATCH), Duration.ofMillis(s.getInt(MAX_WAIT_MS)),
                    Tiling.parse(s.getString(TILES)), new ZoneCrop(s.getBoolean(ZONE_CROP), s.getDouble(ZONE_CROP_MAX)),
                    s.getBoolean(ZONE_PACK), s.getBoolean(CUDA), s.getBoolean(FIT_INPUT));
        }

        /** How the model runs: a lane per worker; {@code lowScore} is the tracker's floor. */
        public Detector.Options options(double lowScore) {
            return new Detector.Options(threads, interThreads, sessions, workers, maxBatch, (int) maxWait.toMillis(),
                    cuda, lowScore, zonePack && zoneCrop.enabled(), fitInput);
        }
    }
}
