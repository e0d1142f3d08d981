// Composition of estimators (pipe) of "streamine/algorithms".
export { Pipe, pipe, type PipeOptions, type PipeStep } from "./pipe.js";
