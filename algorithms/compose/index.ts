// Composition of estimators (pipe) of "streamine/algorithms".
export {};
