// The public surface of "streamine/datasets": re-exports only.
export {};
