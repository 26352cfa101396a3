import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedDatabaseUrl, parseCli } from "./cli-options.js";
import { BackupInputError } from "./format.js";

const home = mkdtempSync(join(tmpdir(), "baton-cli-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const ctx = { env: {}, cwd: "/work/here", repoRoot: home, now: new Date("2026-12-06T21:12:58.580Z") };

describe("backup CLI options", () => {
  it("backs up npm start's database into the current folder by default", () => {
    expect(parseCli(["backup"], ctx)).toEqual({
      command: "backup",
      databaseUrl: "postgresql://postgres:postgres@127.0.0.1:54329/baton",
      out: "/work/here/baton-backup-20261206T211258Z.jsonl.gz",
      history: false,
      audit: false,
    });
  });

  it("takes the port of a running npm start from its postmaster.pid (BATON_HOME too)", () => {
    const data = join(home, "elsewhere", ".baton", "postgres", "data");
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, "postmaster.pid"), "4242\n/x/data\n1765000000\n54400\n/tmp\n127.0.0.1\n");
    expect(embeddedDatabaseUrl({ BATON_HOME: "elsewhere" }, home)).toBe(
      "postgresql://postgres:postgres@127.0.0.1:54400/baton",
    );
  });

  it("prefers --database-url, then DATABASE_URL", () => {
    const env = { DATABASE_URL: "postgresql://u@h/envdb" };
    expect(parseCli(["restore", "--in", "b.gz"], { ...ctx, env })).toMatchObject({
      databaseUrl: "postgresql://u@h/envdb",
      file: "/work/here/b.gz",
    });
    expect(
      parseCli(["backup", "--database-url", "postgres://u@h/flag", "--with-history", "--out", "/abs/x.gz"], {
        ...ctx,
        env,
      }),
    ).toMatchObject({ databaseUrl: "postgres://u@h/flag", history: true, audit: false, out: "/abs/x.gz" });
  });

  it("answers bad input with a sentence", () => {
    const bad = (argv: string[], message: RegExp) => {
      expect(() => parseCli(argv, ctx)).toThrow(BackupInputError);
      expect(() => parseCli(argv, ctx)).toThrow(message);
    };
    bad([], /Say which command/);
    bad(["dump"], /Unknown command "dump"/);
    bad(["restore"], /--in FILE/);
    bad(["restore", "--in", "x", "--with-history"], /chosen when it was made/);
    bad(["backup", "--in", "x"], /use --out/);
    bad(["backup", "--frobnicate"], /^Unknown option --frobnicate; see --help\.$/);
    bad(["backup", "--database-url", "mysql://x"], /must start with postgresql:\/\//);
    expect(parseCli(["--help"], ctx)).toEqual({ command: "help" });
  });
});
