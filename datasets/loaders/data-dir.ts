import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/**
 * The shared data folder holding `<subfolder>/` (e.g. `nab`, `river`): `dir` if given, else the
 * environment variable `STREAMINE_DATA`, else the nearest `shared/data` beside an ancestor of
 * this module (the repository's `../shared/data`, from sources or dist/). `who` names the
 * loader in the error when none is found.
 * @internal
 */
export function dataDir(who: string, subfolder: string, dir?: string): string {
  if (dir !== undefined) return dir;
  const fromEnv = process.env["STREAMINE_DATA"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  let at = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(at, "shared", "data");
    if (existsSync(join(candidate, subfolder))) return candidate;
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  throw new Error(`${who}: no shared/data/${subfolder} folder found above the package; set STREAMINE_DATA or pass the data folder as \`dir\``);
}

/**
 * Throws an error naming `where` and the missing `path`, and how to point at the data (the
 * folder holding nab/, fimi/, river/ and elec2/ goes in STREAMINE_DATA or `{ dir }`); `source`,
 * when given, says where the file comes from. @internal
 */
export function checkExists(where: string, path: string, source?: string): void {
  if (existsSync(path)) return;
  const from = source === undefined ? "" : `; the file comes from ${source}`;
  throw new Error(`${where}: missing file ${path}. Set STREAMINE_DATA to the data folder (the one holding nab/, fimi/, river/, elec2/), or pass { dir }${from} (see shared/data/README.md).`);
}

/** The text of `path` (gunzipped when it ends in `.gz`); a missing file throws naming the path. @internal */
export function readDataText(where: string, path: string): string {
  checkExists(where, path);
  const bytes = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}
