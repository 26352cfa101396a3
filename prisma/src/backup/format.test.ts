import { describe, expect, it } from "vitest";
import {
  BackupInputError,
  checkMigrations,
  checkTableOrder,
  defaultBackupName,
  parseHeader,
  parseSection,
  rowLine,
  splitLines,
} from "./format.js";

const header = {
  format: "baton-backup",
  version: 1,
  createdAt: "2026-12-06T21:00:00.000Z",
  migrations: ["001_init", "002_more"],
  history: false,
  audit: false,
  tables: [
    { name: "apps", rows: 2 },
    { name: "app_versions", rows: 3 },
  ],
};
const fails = (fn: () => unknown, message: RegExp) => {
  expect(fn).toThrow(BackupInputError);
  expect(fn).toThrow(message);
};

describe("backup header", () => {
  it("reads a header", () => {
    expect(parseHeader(JSON.stringify(header), "f")).toEqual(header);
  });

  it("refuses what is not a backup, with a sentence naming the file", () => {
    fails(() => parseHeader(undefined, "x.gz"), /^x\.gz is not a Baton backup \(it is empty\)/);
    fails(() => parseHeader("hello", "x.gz"), /first line is not JSON/);
    fails(() => parseHeader('{"a":1}', "x.gz"), /no "format": "baton-backup"/);
    fails(() => parseHeader(JSON.stringify({ ...header, version: "1" }), "x.gz"), /no valid format version/);
    fails(() => parseHeader(JSON.stringify({ ...header, migrations: [1] }), "x.gz"), /no list of migrations/);
    fails(
      () => parseHeader(JSON.stringify({ ...header, tables: [{ name: "apps", rows: -1 }] }), "x.gz"),
      /no valid list of tables/,
    );
    fails(() => parseHeader(JSON.stringify({ ...header, history: "yes" }), "x.gz"), /lacks createdAt/);
  });

  it("refuses a newer format and says which version this build reads", () => {
    fails(() => parseHeader(JSON.stringify({ ...header, version: 2 }), "x.gz"), /format version 2.*reads version 1/);
  });

  it("checks the tables are known and in foreign-key order", () => {
    expect(() => checkTableOrder(parseHeader(JSON.stringify(header), "f"), "f")).not.toThrow();
    const swapped = { ...header, tables: [...header.tables].reverse() };
    fails(() => checkTableOrder(parseHeader(JSON.stringify(swapped), "f"), "f"), /app_versions before apps/);
    const unknown = { ...header, tables: [{ name: "gadgets", rows: 1 }] };
    fails(() => checkTableOrder(parseHeader(JSON.stringify(unknown), "f"), "f"), /does not know \(gadgets\)/);
  });
});

describe("migrations", () => {
  const known = ["001_init", "002_more", "003_newest"];
  it("accepts the build's migrations or a prefix of them", () => {
    expect(() => checkMigrations(known, known, "f")).not.toThrow();
    expect(() => checkMigrations(["001_init"], known, "f")).not.toThrow();
  });
  it("refuses a migration the build does not have", () => {
    fails(
      () => checkMigrations(["001_init", "002_other"], known, "f"),
      /migration this build does not have \(002_other\)/,
    );
    fails(() => checkMigrations([...known, "004_future"], known, "f"), /004_future/);
  });
  it("refuses a gap (not a prefix)", () => {
    fails(() => checkMigrations(["001_init", "003_newest"], known, "f"), /order this build does not have/);
  });
});

describe("lines", () => {
  it("lists JSON-null columns in a first key without touching the values", () => {
    expect(rowLine('{"a":1.10,"b":null}', [])).toBe('{"a":1.10,"b":null}');
    expect(rowLine('{"a":1.10,"b":null}', ["b"])).toBe('{"$jsonNull":["b"],"a":1.10,"b":null}');
  });

  it("checks section lines", () => {
    expect(() => parseSection('{"table":"apps","rows":2}', { name: "apps", rows: 2 }, "f")).not.toThrow();
    fails(() => parseSection(undefined, { name: "apps", rows: 2 }, "f"), /ends before table apps/);
    fails(() => parseSection('{"table":"apps","rows":3}', { name: "apps", rows: 2 }, "f"), /damaged/);
  });

  it("splits chunks into lines across chunk boundaries", async () => {
    async function* chunks() {
      yield "a\nb";
      yield "c\n\nd";
      yield "e";
    }
    const out: string[] = [];
    for await (const line of splitLines(chunks())) out.push(line);
    expect(out).toEqual(["a", "bc", "", "de"]);
  });

  it("names a backup after the UTC time", () => {
    expect(defaultBackupName(new Date("2026-12-06T21:12:58.580Z"))).toBe("baton-backup-20261206T211258Z.jsonl.gz");
  });
});
