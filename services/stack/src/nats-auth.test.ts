import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { subjects } from "@baton/proto";
import { afterAll, describe, expect, it } from "vitest";
import { findNatsServer } from "./nats.js";
import { natsAuthorization, newPassword } from "./nats-auth.js";

/** A real NKEY user public key (nats-server checks its checksum); only the public half, no secret. */
const NKEY = "UC7PYTJO5CBP4ZSOQDWTPCVE5AYKU3HYDSMRPMQ65GJIVWWYFO6BBJ5Y";
const input = {
  prefix: "acme",
  controlPlane: { user: "control-plane", password: "cp-secret-1" },
  runners: [
    { id: "runner-a", user: "runner-a", password: "a-secret-1" },
    { id: "runner-b", nkey: NKEY },
  ],
};

/** The users entries of the block, one string each (from "{ user:" / "{ nkey:" to its closing "} }"). */
function entries(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => !l.trim().startsWith("#"))
    .join("\n")
    .split(/\n(?= {4}\{ )/)
    .slice(1);
}

describe("natsAuthorization", () => {
  const dir = mkdtempSync(join(tmpdir(), "baton-nats-auth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the control plane a user without limits and each runner exactly its own subjects", () => {
    const text = natsAuthorization(input);
    const [cp, a, b] = entries(text);
    expect(cp?.trim()).toBe('{ user: "control-plane", password: "cp-secret-1" }');
    const own = subjects("acme").runnerPermissions("runner-a");
    expect(a).toContain('user: "runner-a", password: "a-secret-1", permissions:');
    expect(a).toContain(`publish: { allow: [${own.publish.map((p) => `"${p}"`).join(", ")}] }`);
    expect(a).toContain(`subscribe: { allow: [${own.subscribe.map((p) => `"${p}"`).join(", ")}] }`);
    expect(a).toContain("allow_responses: true");
    expect(a).not.toContain("runner-b");
    expect(b).toContain(`nkey: "${NKEY}"`);
    expect(b).toContain('"acme.evt.runner-b.>"');
    expect(b).not.toContain("runner-a");
    expect(entries(text)).toHaveLength(3);
  });

  it("is pure: the same input gives the same text", () => {
    expect(natsAuthorization(input)).toBe(natsAuthorization(structuredClone(input)));
  });

  it("is a configuration nats-server accepts (nats-server -t)", () => {
    const file = join(dir, "auth.conf");
    writeFileSync(file, natsAuthorization({ ...input, controlPlane: { user: "cp", password: 'has "quotes" \\ too' } }));
    const checked = spawnSync(findNatsServer(), ["-c", file, "-t"], { encoding: "utf8" });
    expect({ status: checked.status, said: checked.stderr + checked.stdout }).toMatchObject({
      status: 0,
      said: expect.stringMatching(/is valid/),
    });
  });

  it("escapes quotes and backslashes in passwords", () => {
    const text = natsAuthorization({ ...input, controlPlane: { user: "cp", password: 'a"b\\c-long' } });
    expect(text).toContain('password: "a\\"b\\\\c-long"');
  });

  it("refuses what would make a wrong or ambiguous configuration", () => {
    const bad: [unknown, RegExp][] = [
      [{ ...input, runners: [...input.runners, { id: "runner-a", user: "x", password: "long-enough" }] }, /twice/],
      [{ ...input, runners: [{ id: "control-plane", user: "control-plane", password: "long-enough" }] }, /twice/],
      [{ ...input, runners: [{ id: "a.b", user: "ab", password: "long-enough" }] }, /runner id "a.b"/],
      [{ ...input, controlPlane: { user: "cp", password: "short" } }, /shorter than 8/],
      [{ ...input, controlPlane: { user: "c p", password: "long-enough" } }, /NATS user "c p"/],
      [{ ...input, controlPlane: { user: "cp", password: "line\nbreak" } }, /line break/],
      [{ ...input, runners: [{ id: "r", nkey: "SUAB" }] }, /not an NKEY user public key/],
      [{ ...input, prefix: "Bad.Prefix" }, /NATS prefix/],
    ];
    for (const [value, error] of bad) {
      expect(() => natsAuthorization(value as typeof input)).toThrow(error);
    }
  });

  it("makes long, different passwords", () => {
    const a = newPassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newPassword()).not.toBe(a);
  });
});
