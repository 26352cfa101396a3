import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BACKUP_TABLES, EXCLUDED_TABLES, tablesFor } from "./tables.js";

interface Model {
  table: string;
  primaryKey: string[];
  references: string[];
}

/** Tables, keys and foreign keys as schema.prisma declares them. */
function schemaModels(): Model[] {
  const text = readFileSync(new URL("../../schema.prisma", import.meta.url), "utf8");
  const blocks = [...text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map((m) => ({
    model: m[1] as string,
    body: m[2] as string,
  }));
  const tableOf = new Map(blocks.map((b) => [b.model, /@@map\("([^"]+)"\)/.exec(b.body)?.[1] ?? b.model] as const));
  return blocks.map(({ model, body }) => {
    const lines = body.split("\n").map((l) => l.trim());
    const compound = /@@id\(\[([^\]]+)\]\)/.exec(body)?.[1];
    const primaryKey = compound
      ? compound.split(",").map((s) => s.trim())
      : lines.filter((l) => /\s@id(\s|$)/.test(l)).map((l) => l.split(/\s+/)[0] as string);
    const references = lines
      .filter((l) => l.includes("@relation(") && l.includes("references:"))
      .map((l) => tableOf.get((l.split(/\s+/)[1] ?? "").replace(/[?[\]]/g, "")) as string)
      .filter((t) => t !== tableOf.get(model));
    return { table: tableOf.get(model) as string, primaryKey, references };
  });
}

describe("backup tables", () => {
  const models = schemaModels();

  it("classify every table of schema.prisma, and only those", () => {
    const classified = [...BACKUP_TABLES.map((t) => t.name), ...EXCLUDED_TABLES.map((t) => t.name)];
    expect(new Set(classified).size).toBe(classified.length);
    expect(classified.filter((t) => t !== "_prisma_migrations").sort()).toEqual(models.map((m) => m.table).sort());
  });

  it("name each table's primary key and foreign keys as schema.prisma declares them", () => {
    for (const spec of BACKUP_TABLES) {
      const model = models.find((m) => m.table === spec.name);
      expect(model, spec.name).toBeDefined();
      expect([...spec.primaryKey], spec.name).toEqual(model?.primaryKey);
      expect([...spec.references].sort(), spec.name).toEqual([...new Set(model?.references)].sort());
    }
  });

  it("come after the tables they reference (load order)", () => {
    BACKUP_TABLES.forEach((spec, i) => {
      for (const parent of spec.references) {
        expect(
          BACKUP_TABLES.findIndex((t) => t.name === parent),
          `${spec.name} references ${parent}`,
        ).toBeLessThan(i);
      }
    });
  });

  it("keep definitions free of foreign keys to history or audit, so a backup without them loads", () => {
    for (const options of [
      { history: false, audit: false },
      { history: false, audit: true },
      { history: true, audit: false },
    ]) {
      const names = new Set(tablesFor(options).map((t) => t.name));
      for (const spec of tablesFor(options)) {
        for (const parent of spec.references) expect(names.has(parent), `${spec.name} -> ${parent}`).toBe(true);
      }
    }
  });

  it("choose the groups by option", () => {
    const groups = (o: { history: boolean; audit: boolean }) => [...new Set(tablesFor(o).map((t) => t.group))];
    expect(groups({ history: false, audit: false })).toEqual(["definitions"]);
    expect(groups({ history: true, audit: true }).sort()).toEqual(["audit", "definitions", "history"]);
    expect(tablesFor({ history: true, audit: true })).toHaveLength(BACKUP_TABLES.length);
  });
});
