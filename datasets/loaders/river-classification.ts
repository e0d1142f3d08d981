// River's classification sets (River's Phishing, Banana, ImageSegments), targets as River reads them.
import { tabularDataset } from "./dataset.js";
import { RIVER_LICENCE, riverSource } from "./river-provenance.js";

/**
 * Phishing websites (River `datasets.Phishing`), `river/phishing.csv.gz`: 1,250 samples, 9
 * features in [0, 1], target `is_phishing` (`true` for 1). Binary classification. @public
 */
export const phishing = tabularDataset(
  {
    name: "phishing",
    task: "binary",
    target: "is_phishing",
    rows: 1250,
    labelCounts: { true: 548, false: 702 },
    licence: RIVER_LICENCE,
    source: riverSource("phishing.csv.gz", "unchanged"),
    file: "river/phishing.csv.gz",
  },
  {
    features: [
      "empty_server_form_handler",
      "popup_window",
      "https",
      "request_from_other_domain",
      "anchor_from_other_domain",
      "is_popular",
      "long_url",
      "age_of_domain",
      "ip_in_url",
    ],
    y: (row) => row.category("is_phishing", ["0", "1"]) === 1,
  },
);

/**
 * Banana (River `datasets.Banana`), `river/banana.csv`: 5,300 points in the plane (`x1`, `x2`),
 * target `label`: `true` for 1, `false` for −1, as River reads it. Binary classification or
 * clustering. @public
 */
export const banana = tabularDataset(
  {
    name: "banana",
    task: "binary",
    target: "label",
    rows: 5300,
    labelCounts: { true: 2376, false: 2924 },
    licence: RIVER_LICENCE,
    source: riverSource("banana.zip", "banana.all.txt (libsvm) converted to CSV x1,x2,label for shared/data"),
    file: "river/banana.csv",
  },
  { features: ["x1", "x2"], y: (row) => row.category("label", ["-1", "1"]) === 1 },
);

/** The 7 classes of ImageSegments, in the UCI dataset's order. */
const segmentClasses = ["brickface", "sky", "foliage", "cement", "window", "path", "grass"] as const;

/**
 * Image segments (River `datasets.ImageSegments`, UCI Statlog Segment), `river/segment.csv.gz`:
 * 2,310 3×3-pixel regions of outdoor images, 18 numeric features (file names kept, `vegde-sd`
 * included), target `category`, the class name (7 classes × 330). Multiclass classification. @public
 */
export const segment = tabularDataset(
  {
    name: "segment",
    task: "multiclass",
    target: "category",
    rows: 2310,
    labelCounts: Object.fromEntries(segmentClasses.map((c) => [c, 330])),
    licence: RIVER_LICENCE,
    source: riverSource("segment.csv.zip", "re-packed zip → gzip for shared/data, content unchanged"),
    file: "river/segment.csv.gz",
  },
  {
    features: [
      "region-centroid-col",
      "region-centroid-row",
      "short-line-density-5",
      "short-line-density-2",
      "vedge-mean",
      "vegde-sd",
      "hedge-mean",
      "hedge-sd",
      "intensity-mean",
      "rawred-mean",
      "rawblue-mean",
      "rawgreen-mean",
      "exred-mean",
      "exblue-mean",
      "exgreen-mean",
      "value-mean",
      "saturation-mean",
      "hue-mean",
    ],
    // the index is in range (category throws otherwise); ?? only narrows away `undefined`
    y: (row) => segmentClasses[row.category("category", segmentClasses)] ?? row.fail("category", "a class"),
  },
);
