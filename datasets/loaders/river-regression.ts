// River's regression sets (TrumpApproval, ChickWeights, AirlinePassengers, SolarFlare), streamed.
import { tabularDataset } from "./dataset.js";
import { RIVER_LICENCE, riverSource } from "./river-provenance.js";
import { chickWeightsFeatures, trumpApprovalFeatures } from "./river.js";


/** TrumpApproval streamed: as `loadTrumpApproval` (1,001 samples, target `five_thirty_eight`). @public */
export const trumpApproval = tabularDataset(
  {
    name: "trumpApproval",
    task: "regression",
    target: "five_thirty_eight",
    rows: 1001,
    labelCounts: null,
    licence: RIVER_LICENCE,
    source: riverSource("trump_approval.csv.gz", "unchanged; data from FiveThirtyEight"),
    file: "river/trump_approval.csv.gz",
  },
  { features: trumpApprovalFeatures, y: (row) => row.number("five_thirty_eight") },
);

/** ChickWeights streamed: as `loadChickWeights` (578 samples, target `weight` in grams). @public */
export const chickWeights = tabularDataset(
  {
    name: "chickWeights",
    task: "regression",
    target: "weight",
    rows: 578,
    labelCounts: null,
    licence: RIVER_LICENCE,
    source: riverSource("chick-weights.csv", "unchanged; data from R's ChickWeight"),
    file: "river/chick-weights.csv",
  },
  { features: chickWeightsFeatures, y: (row) => row.number("weight") },
);

const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/**
 * Airline passengers (River `datasets.AirlinePassengers`), `river/airline-passengers.csv`: 144
 * monthly totals (thousands of passengers), 1949-01 to 1960-12. Regression / forecasting.
 *
 * @remarks The file's one input column, `month` ("1949-01"), becomes two features: `year`
 * (1949…1960), for the trend, and `month` of the year (1…12), for the season.
 * @public
 */
export const airlinePassengers = tabularDataset(
  {
    name: "airlinePassengers",
    task: "regression",
    target: "passengers",
    rows: 144,
    labelCounts: null,
    licence: RIVER_LICENCE,
    source: riverSource("airline-passengers.csv", "unchanged"),
    file: "river/airline-passengers.csv",
  },
  {
    features: ["year", "month"],
    x: (row) => {
      const m = YEAR_MONTH.exec(row.text("month"));
      if (m === null || Number(m[2]) < 1 || Number(m[2]) > 12) return row.fail("month", "YYYY-MM");
      return [Number(m[1]), Number(m[2])];
    },
    y: (row) => row.number("passengers"),
  },
);

/**
 * The categories of SolarFlare's three categorical features, in the order of the UCI dataset's
 * description (modified Zurich class; largest spot size; spot distribution). A sample holds the
 * index into these lists (ordinal encoding: the lists run roughly from small/simple to
 * large/complex, so the order is meaningful but the spacing is not). Zurich class A does not occur
 * in the file.
 */
const solarFlareCategories = {
  "zurich-class": ["A", "B", "C", "D", "E", "F", "H"],
  "largest-spot-size": ["X", "R", "S", "A", "H", "K"],
  "spot-distribution": ["X", "O", "I", "C"],
} as const;

/**
 * Solar flares (River `datasets.SolarFlare`, UCI), `river/solar-flare.csv`: 1,066 sunspot regions,
 * 10 features (3 categorical, ordinally encoded as `categories` says, and 7 integer codes), and
 * 3 targets, the numbers of C-, M- and X-class flares in the next 24 h: `y` is
 * `[c, m, x]`. Multi-output regression.
 * @public
 */
export const solarFlare = tabularDataset(
  {
    name: "solarFlare",
    task: "multiOutput",
    target: ["c-class-flares", "m-class-flares", "x-class-flares"],
    rows: 1066,
    labelCounts: null,
    licence: RIVER_LICENCE,
    source: riverSource("solar-flare.csv.zip", "unzipped for shared/data"),
    file: "river/solar-flare.csv",
  },
  {
    features: [
      "zurich-class",
      "largest-spot-size",
      "spot-distribution",
      "activity",
      "evolution",
      "previous-24h-flare-activity",
      "hist-complex",
      "hist-complex-this-pass",
      "area",
      "largest-spot-area",
    ],
    categories: solarFlareCategories,
    y: (row) => [row.number("c-class-flares"), row.number("m-class-flares"), row.number("x-class-flares")],
  },
);
