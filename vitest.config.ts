import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^streamine\/algorithms$/, replacement: here("./algorithms/index.ts") },
      { find: /^streamine\/datasets$/, replacement: here("./datasets/index.ts") },
      { find: /^streamine$/, replacement: here("./src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/nats-server.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
