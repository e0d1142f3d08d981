// The preprocessing family of "streamine/algorithms".
export {};
