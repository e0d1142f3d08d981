import { join } from "node:path";
import { checkExists, dataDir } from "./data-dir.js";

/**
 * The full path of `file`, given relative to the shared data folder (e.g. `elec2/elec2.csv`):
 * the folder is `dir`, else `$STREAMINE_DATA`, else the repository's `../shared/data`.
 *
 * @remarks A missing file throws naming the full path and how to obtain it: point at the folder
 * that holds the file's first folder, and where the file comes from (`source`), since a user who
 * installed the package has no data folder beside it.
 * @internal
 */
export function dataFile(where: string, file: string, source: string, dir: string | undefined): string {
  const top = file.split("/")[0] ?? file;
  const path = join(dataDir(where, top, dir), file);
  checkExists(where, path, source);
  return path;
}
