// The drift-detection family of "streamine/algorithms".
export { PageHinkley, type PageHinkleyOptions } from "./page-hinkley.js";
