import { tabularDataset } from "./dataset.js";

/**
 * Electricity (Elec2), `elec2/elec2.csv`: 45,312 half-hourly rows of the New South Wales
 * electricity market (7 May 1996 – 5 Dec 1998, in time order), 6 features min-max normalised to
 * [0, 1], target `class`: `true` when the price went UP (1), `false` for DOWN (0). Binary
 * classification under concept drift; this version has no `date` and `day` columns.
 * @public
 */
export const elec2 = tabularDataset(
  {
    name: "elec2",
    task: "binary",
    target: "class",
    rows: 45_312,
    labelCounts: { true: 19_237, false: 26_075 },
    licence: "none stated by the source repository (research use); data by M. Harries, SPLICE-2 (1999), as used by MOA/OpenML",
    source: "scikit-multiflow/streaming-datasets, elec.csv, commit f1eb9f06, copied unchanged",
    file: "elec2/elec2.csv",
  },
  {
    features: ["period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"],
    y: (row) => row.category("class", ["0", "1"]) === 1,
  },
);
