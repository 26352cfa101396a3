#!/usr/bin/env node
// Prints the SQL that takes an empty database to schema.prisma, using Prisma 6's
// WebAssembly schema engine (Prisma's native engine cannot be downloaded here;
// see ../../shared/STACK.md). Needs DATABASE_URL to reach any PostgreSQL: the
// wasm engine connects through the pg adapter even for a from-empty diff.
//   node prisma/tools/diff.mjs > prisma/migrations/<ts>_<name>/migration.sql
// (then remove the statements already in earlier migrations).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("prisma6/package.json")), "build", "index.js");
const adapter = require.resolve("@prisma/adapter-pg");

export function schemaSql(databaseUrl) {
  const dir = mkdtempSync(join(tmpdir(), "baton-diff-"));
  try {
    const schema = readFileSync(join(here, "..", "schema.prisma"), "utf8").replace(
      /provider = "postgresql"/,
      'provider = "postgresql"\n  url = env("DATABASE_URL")',
    );
    writeFileSync(join(dir, "schema.prisma"), schema);
    writeFileSync(
      join(dir, "prisma.config.mjs"),
      `import { PrismaPg } from ${JSON.stringify(adapter)};
export default { experimental: { adapter: true }, engine: "js", schema: "schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }) };\n`,
    );
    return execFileSync(
      process.execPath,
      [cli, "migrate", "diff", "--from-empty", "--to-schema-datamodel", "schema.prisma", "--script"],
      {
        cwd: dir,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
        },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("Set DATABASE_URL to any reachable PostgreSQL (nothing is written to it).");
    process.exit(2);
  }
  process.stdout.write(schemaSql(url));
}
