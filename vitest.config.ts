import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// Node resolves "graphql" to its CommonJS build (no "exports" map), Vite to
// index.mjs: two realms, and graphql-js refuses types from "another realm".
// Pin Vite to the file Node (and so type-graphql) loads.
const graphql = createRequire(import.meta.url).resolve("graphql");

/** End-to-end files that measure under a flood (100,000 log lines, 100,000 executions): run alone, last. */
const ALONE = ["test/console-scale.test.ts"];

// Three projects: fast unit tests beside the code (src/**/*.test.ts), end-to-end
// tests in test/ that start real Postgres, NATS and processes, and the few of
// those that must run alone (ALONE), after the rest.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["{proto,prisma,sdk,services,runners,web}/**/src/**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          sequence: { groupOrder: 1 },
          include: ["test/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...ALONE],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e-alone",
          // After the others, one file at a time: their floods would slow every test running beside them.
          sequence: { groupOrder: 2 },
          include: ALONE,
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
