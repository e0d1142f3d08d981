// Prequential evaluation and metrics of "streamine/algorithms".
export {};
