import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
