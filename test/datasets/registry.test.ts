import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataset, datasets, take, type Dataset, type DatasetName } from "streamine/datasets";

const shared = realpathSync(new URL("../../../shared/data", import.meta.url));

interface Expected {
  readonly rows: number;
  readonly nFeatures: number;
  readonly labels: Record<string, number> | null;
  readonly first: unknown;
  readonly last: unknown;
}

// Rows and label counts: shared/data/README.md. First and last samples: the files' first and last
// data rows (head / zcat | tail), copied by hand and encoded as each entry documents.
const tabular: Partial<Record<DatasetName, Expected>> = {
  elec2: {
    rows: 45312,
    nFeatures: 6,
    labels: { true: 19237, false: 26075 },
    first: { x: [0, 0.05644299999999999, 0.439155, 0.003467, 0.422915, 0.414912], y: true },
    last: { x: [1, 0.050679, 0.28875300000000004, 0.003542, 0.355256, 0.23114], y: false },
  },
  phishing: {
    rows: 1250,
    nFeatures: 9,
    labels: { true: 548, false: 702 },
    first: { x: [0, 0, 0, 0, 0, 0.5, 1, 1, 1], y: true },
    last: { x: [1, 0.5, 1, 1, 1, 0.5, 0, 0, 0], y: false },
  },
  banana: {
    rows: 5300,
    nFeatures: 2,
    labels: { true: 2376, false: 2924 },
    first: { x: [1.617466, -0.919233], y: false },
    last: { x: [-0.472404, -0.019821], y: true },
  },
  segment: {
    rows: 2310,
    nFeatures: 18,
    labels: { brickface: 330, sky: 330, foliage: 330, cement: 330, window: 330, path: 330, grass: 330 },
    first: {
      x: [
        218, 178, 0.11111111, 0, 0.8333326999999999, 0.54772234, 1.1111094, 0.5443307, 59.629630000000006, 52.44444300000001, 75.22222, 51.22222, -21.555555,
        46.77778, -25.222220999999998, 75.22222, 0.31899637, -2.0405545,
      ],
      y: "path",
    },
    last: {
      x: [
        19, 147, 0, 0, 0.22222225, 0.0740741, 0.4999999, 0.077777766, 4.148148, 3.8888887999999997, 6.666666499999999, 1.8888888, -0.7777778000000001,
        7.5555553, -6.777777700000001, 7, 0.7132275, -1.4756428,
      ],
      y: "brickface",
    },
  },
  trumpApproval: {
    rows: 1001,
    nFeatures: 6,
    labels: null,
    first: { x: [736389, 43.843213, 46.19925042857143, 48.318749, 44.104692, 43.636914000000004], y: 43.75505 },
    last: { x: [737389, 43.843213, 40.570679, 37.818749, 40.104692, 41.636914000000004], y: 41.740203 },
  },
  chickWeights: { rows: 578, nFeatures: 3, labels: null, first: { x: [0, 1, 1], y: 42 }, last: { x: [21, 50, 4], y: 264 } },
  // "1949-01",112 … "1960-12",432 → [year, month of year]
  airlinePassengers: { rows: 144, nFeatures: 2, labels: null, first: { x: [1949, 1], y: 112 }, last: { x: [1960, 12], y: 432 } },
  // H,A,X,1,3,1,1,1,1,1,0,0,0 … B,X,O,1,1,1,1,2,1,1,0,0,0 → Zurich H = 6, spot size A = 3 / X = 0, distribution X = 0 / O = 1
  solarFlare: {
    rows: 1066,
    nFeatures: 10,
    labels: null,
    first: { x: [6, 3, 0, 1, 3, 1, 1, 1, 1, 1], y: [0, 0, 0] },
    last: { x: [1, 0, 1, 1, 1, 1, 1, 2, 1, 1], y: [0, 0, 0] },
  },
};

// Transactions (README) and first lines (head; zcat | head).
const itemsets: Partial<Record<DatasetName, { rows: number; first: number[] }>> = {
  retail: { rows: 88162, first: Array.from({ length: 30 }, (_, i) => i) },
  T10I4D100K: { rows: 100000, first: [25, 52, 164, 240, 274, 328, 368, 448, 538, 561, 630, 687, 730, 775, 825, 834] },
  kosarakPrefix: { rows: 36682, first: [1, 2, 3] },
};

async function collect<S>(source: AsyncIterable<S>): Promise<S[]> {
  const out: S[] = [];
  for await (const s of source) out.push(s);
  return out;
}

describe("datasets registry: tabular sets", () => {
  it.each(Object.entries(tabular))("%s streams the file's rows, features, labels, first and last rows", async (name, want) => {
    const entry = datasets[name as DatasetName] as Dataset<{ x: number[]; y: unknown }>;
    expect(entry.name).toBe(name);
    expect(entry.rows).toBe(want.rows);
    expect(entry.labelCounts).toEqual(want.labels);
    expect(entry.features).toHaveLength(want.nFeatures);
    const samples = await collect(entry.load());
    expect(samples).toHaveLength(want.rows);
    expect(samples.every((s) => s.x.length === want.nFeatures && s.x.every(Number.isFinite))).toBe(true);
    expect(samples[0]).toEqual(want.first);
    expect(samples.at(-1)).toEqual(want.last);
    if (want.labels !== null) {
      const counts: Record<string, number> = {};
      for (const s of samples) counts[String(s.y)] = (counts[String(s.y)] ?? 0) + 1;
      expect(counts).toEqual(want.labels);
    }
  });

  it("solarFlare: ordinal codes and targets match the file's counts", async () => {
    const samples = await collect(datasets.solarFlare.load());
    const count = (f: (s: (typeof samples)[number]) => boolean): number => samples.filter(f).length;
    // cut -d, -f1..3 | sort | uniq -c: H 331, largest spot A 216, distribution O 477
    expect(count((s) => s.x[0] === 6)).toBe(331);
    expect(count((s) => s.x[1] === 3)).toBe(216);
    expect(count((s) => s.x[2] === 1)).toBe(477);
    // awk sums of the three target columns: 320 C-, 50 M-, 6 X-class flares
    expect([0, 1, 2].map((k) => samples.reduce((sum, s) => sum + (s.y[k] ?? NaN), 0))).toEqual([320, 50, 6]);
    expect(datasets.solarFlare.categories["zurich-class"]).toEqual(["A", "B", "C", "D", "E", "F", "H"]);
  });
});

describe("datasets registry: itemsets and NAB", () => {
  it.each(Object.entries(itemsets))("%s streams its transactions", async (name, want) => {
    const entry = datasets[name as DatasetName] as Dataset<number[]>;
    expect(entry.task).toBe("itemsets");
    expect(entry.rows).toBe(want.rows);
    let n = 0;
    let emptyOnes = 0;
    let first: number[] = [];
    for await (const t of entry.load()) {
      if (n++ === 0) first = t;
      if (t.length === 0) emptyOnes++;
    }
    expect(n).toBe(want.rows);
    expect(first).toEqual(want.first);
    expect(emptyOnes).toBe(0);
  });

  it("nab streams the 58 files in key order, with the windows of corpus_summary.csv", async () => {
    const rows = new Map<string, number>();
    const inWindow = new Map<string, number>();
    let last: unknown;
    for await (const s of datasets.nab.load()) {
      rows.set(s.key, (rows.get(s.key) ?? 0) + 1);
      if (s.y) inWindow.set(s.key, (inWindow.get(s.key) ?? 0) + 1);
      last = s;
    }
    expect(rows.size).toBe(58);
    expect([...rows.keys()]).toEqual([...rows.keys()].sort());
    // README: 365,558 rows; corpus_summary.csv: the window row ranges sum to 33,495 rows
    expect([...rows.values()].reduce((a, b) => a + b, 0)).toBe(365558);
    expect([...inWindow.values()].reduce((a, b) => a + b, 0)).toBe(33495);
    expect(datasets.nab.labelCounts).toEqual({ true: 33495, false: 365558 - 33495 });
    // nyc_taxi: 10,320 rows, 5 windows of 207 rows (5839-6045;7080-7286;…)
    expect(rows.get("realKnownCause/nyc_taxi.csv")).toBe(10320);
    expect(inWindow.get("realKnownCause/nyc_taxi.csv")).toBe(5 * 207);
    // the last file in key order ends "2015-04-22 23:47:53,3", row 15,865, past its last window (…8707-9023)
    expect(last).toEqual({ key: "realTweets/Twitter_volume_UPS.csv", row: 15865, timestamp: Date.UTC(2015, 3, 22, 23, 47, 53), x: [3], y: false });
  });
});

/** Whether this process holds a file descriptor open on `path` (Linux /proc). */
function isOpen(path: string): boolean {
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) return true;
    } catch {
      // the descriptor closed while listing
    }
  }
  return false;
}

async function settles(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
}

describe("datasets registry: load options and errors", () => {
  // Files large enough that the first samples come before the end of the file is read (a small file
  // is read whole and closed at once, which would prove nothing).
  it.runIf(process.platform === "linux").each(["elec2", "kosarakPrefix", "retail"] as const)(
    "%s: a break closes the file it was reading",
    async (name) => {
      const entry: Dataset = datasets[name];
      const path = join(shared, entry.file);
      let wasOpen = false;
      for await (const _ of entry.load()) {
        wasOpen = await settles(() => isOpen(path));
        break;
      }
      expect(wasOpen).toBe(true); // else the check below proves nothing
      expect(await settles(() => !isOpen(path))).toBe(true);
    },
  );

  // One test, as each NAB load first resolves the labels of all 58 files (about a second).
  it.runIf(process.platform === "linux")("nab: yields the first file's rows, and closes it when stopped early", async () => {
    // art_daily_no_noise.csv starts "2014-04-01 00:00:00,20.0" and "2014-04-01 00:05:00,20.0"
    const key = "artificialNoAnomaly/art_daily_no_noise.csv";
    const path = join(shared, "nab", "data", key);
    const samples = datasets.nab.load()[Symbol.asyncIterator]();
    expect(await samples.next()).toEqual({ done: false, value: { key, row: 0, timestamp: Date.UTC(2014, 3, 1, 0, 0), x: [20], y: false } });
    expect(await samples.next()).toEqual({ done: false, value: { key, row: 1, timestamp: Date.UTC(2014, 3, 1, 0, 5), x: [20], y: false } });
    expect(await settles(() => isOpen(path))).toBe(true);
    await samples.return?.();
    expect(await settles(() => !isOpen(path))).toBe(true);
  });

  it("limit stops after that many samples, at most the rows, and must be a non-negative integer", async () => {
    expect(await collect(datasets.elec2.load({ limit: 3 }))).toHaveLength(3);
    expect(await collect(datasets.airlinePassengers.load({ limit: 1000 }))).toHaveLength(144);
    expect(await collect(datasets.retail.load({ limit: 0 }))).toEqual([]);
    await expect(collect(datasets.banana.load({ limit: -1 }))).rejects.toThrow(/non-negative integer, got -1/);
    await expect(collect(datasets.banana.load({ limit: 1.5 }))).rejects.toThrow(/non-negative integer, got 1.5/);
    expect(await collect(take(datasets.chickWeights.load(), 1))).toEqual([{ x: [0, 1, 1], y: 42 }]);
  });

  it("dataset(name) finds an entry, and an unknown name throws listing the known ones", () => {
    expect(dataset("segment")).toBe(datasets.segment);
    expect(() => dataset("toString")).toThrow('unknown dataset "toString"; known: elec2, phishing, banana, segment, trumpApproval');
  });

  const empty = mkdtempSync(join(tmpdir(), "streamine-registry-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it.each(Object.keys(datasets))("%s: a missing file names its full path and how to obtain it", async (name) => {
    const entry: Dataset = datasets[name as DatasetName];
    const path = join(empty, entry.file);
    const error = await collect(entry.load({ dir: empty })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toContain(`missing file ${path}. Set STREAMINE_DATA to the data folder (the one holding nab/, fimi/, river/, elec2/), or pass { dir }; the file comes from `);
  });

  it("reads the folder from STREAMINE_DATA, and `dir` wins over it", async () => {
    const before = process.env["STREAMINE_DATA"];
    process.env["STREAMINE_DATA"] = empty;
    try {
      await expect(collect(datasets.banana.load())).rejects.toThrow(`missing file ${join(empty, "river", "banana.csv")}`);
      expect(await collect(datasets.banana.load({ dir: shared, limit: 1 }))).toEqual([{ x: [1.617466, -0.919233], y: false }]);
    } finally {
      if (before === undefined) delete process.env["STREAMINE_DATA"];
      else process.env["STREAMINE_DATA"] = before;
    }
  });

  it("a bad cell of a registry file names the file, line and column", async () => {
    const dir = join(empty, "bad");
    mkdirSync(join(dir, "river"), { recursive: true });
    writeFileSync(join(dir, "river", "banana.csv"), "x1,x2,label\n1.5,2,1\n0.5,abc,-1\n");
    await expect(collect(datasets.banana.load({ dir }))).rejects.toThrow(`${join(dir, "river", "banana.csv")} line 3, column 2 (x2): expected a number, got "abc"`);
    writeFileSync(join(dir, "river", "banana.csv"), "x1,x2,label\n1.5,2,0\n");
    await expect(collect(datasets.banana.load({ dir }))).rejects.toThrow('line 2, column 3 (label): expected one of -1, 1, got "0"');
  });
});
