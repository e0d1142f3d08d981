import { writeFile } from "node:fs/promises";
import type { VegaLiteSpec } from "./to-vega-lite.js";

/**
 * Renders a Vega-Lite spec to an SVG string, headlessly (no browser, no canvas): the same chart
 * a notebook displays and {@link writePlot} saves.
 *
 * @remarks
 * Compiles the spec with vega-lite, then runs it in a Vega `View` with the `"none"` renderer and
 * serialises the scenegraph with `toSVG()`. vega and vega-lite are imported on the first call,
 * never when "streamine/datasets" loads. Text widths are estimated (there is no canvas to
 * measure fonts), so labels may sit a pixel or two off a browser's rendering.
 * @param spec - a Vega-Lite spec, e.g. from {@link toVegaLite}.
 * @returns the SVG document, starting with `<svg`.
 * @example
 * ```ts
 * import { plot, toVegaLite } from "streamine/datasets";
 * const spec = toVegaLite([{ t: 0, v: 1 }, { t: 1, v: 3 }], { x: "t", y: "v", title: "v over t" });
 * const svg = await plot(spec);
 * expect(svg.startsWith("<svg")).toBe(true);
 * expect(svg).toContain(">v over t</text>");
 * ```
 * @public
 */
export async function plot(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize(); // releases the view's timers and listeners
  }
}

/**
 * Renders a Vega-Lite spec with {@link plot} and writes the SVG to a file.
 * @param spec - a Vega-Lite spec, e.g. from {@link toVegaLite}.
 * @param path - the file to write (replaced if it exists); its folder must exist.
 * @returns the SVG written.
 * @example
 * ```ts
 * import { readFileSync, rmSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { toVegaLite, writePlot } from "streamine/datasets";
 * const path = join(tmpdir(), "streamine-example-plot.svg");
 * const svg = await writePlot(toVegaLite([{ t: 0, v: 1 }, { t: 1, v: 3 }], { x: "t", y: "v" }), path);
 * expect(readFileSync(path, "utf8")).toBe(svg);
 * rmSync(path);
 * ```
 * @public
 */
export async function writePlot(spec: VegaLiteSpec, path: string): Promise<string> {
  const svg = await plot(spec);
  await writeFile(path, svg, "utf8");
  return svg;
}
