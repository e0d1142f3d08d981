/** The licence of River's bundled datasets, as its repository states it. @internal */
export const RIVER_LICENCE = "BSD-3-Clause (Copyright (c) 2020, the river developers); underlying data from the cited public sources";

/** Where a River file of shared/data comes from, and what was changed on the way. @internal */
export function riverSource(file: string, change: string): string {
  return `creme-ml/creme (River's history), river/datasets/${file}, commit 11a1c0ec, ${change}`;
}
