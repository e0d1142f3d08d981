// The public surface of "streamine/algorithms": re-exports only.
export { Random } from "./base/random.js";
