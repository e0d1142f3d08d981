// The regression family of "streamine/algorithms".
export {};
