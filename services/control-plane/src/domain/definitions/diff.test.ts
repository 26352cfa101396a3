import { describe, expect, it } from "vitest";
import { diffManifests, type ManifestChange, manifestsEqual } from "./diff.js";

const BASE = {
  app: "settle",
  version: "2.1.0",
  uri: "docker:registry/settle:2.1.0",
  properties: { env: { REGION: "eu", ZONE: "a" }, timeoutSeconds: 600 },
  arguments: ["--mode", "full"],
};

describe("diffManifests", () => {
  const cases: [string, unknown, unknown, ManifestChange[]][] = [
    ["identical", BASE, structuredClone(BASE), []],
    ["key order does not matter", { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }, []],
    [
      "a release upgrade, in sorted key order",
      BASE,
      {
        ...BASE,
        version: "2.2.0",
        uri: "docker:registry/settle:2.2.0",
        properties: { env: { REGION: "us", CUT: "1" }, timeoutSeconds: 600, memory: "1Gi" },
        arguments: ["--mode", "delta", "--dry-run"],
      },
      [
        { path: "arguments[1]", kind: "changed", from: "full", to: "delta" },
        { path: "arguments[2]", kind: "added", to: "--dry-run" },
        { path: "properties.env.CUT", kind: "added", to: "1" },
        { path: "properties.env.REGION", kind: "changed", from: "eu", to: "us" },
        { path: "properties.env.ZONE", kind: "removed", from: "a" },
        { path: "properties.memory", kind: "added", to: "1Gi" },
        { path: "uri", kind: "changed", from: "docker:registry/settle:2.1.0", to: "docker:registry/settle:2.2.0" },
        { path: "version", kind: "changed", from: "2.1.0", to: "2.2.0" },
      ],
    ],
    [
      "a whole subtree added or removed is one change",
      { properties: { env: { A: "1" } }, arguments: ["x"] },
      { properties: {}, arguments: [] },
      [
        { path: "arguments[0]", kind: "removed", from: "x" },
        { path: "properties.env", kind: "removed", from: { A: "1" } },
      ],
    ],
    [
      "a change of type",
      { a: [1], b: { c: 1 }, d: null },
      { a: { 0: 1 }, b: "c", d: 0 },
      [
        { path: "a", kind: "changed", from: [1], to: { 0: 1 } },
        { path: "b", kind: "changed", from: { c: 1 }, to: "c" },
        { path: "d", kind: "changed", from: null, to: 0 },
      ],
    ],
    [
      "odd keys are quoted; undefined counts as absent",
      { env: { "a.b": "1", "": "x" }, gone: undefined },
      { env: { "a.b": "2", "": "x" } },
      [{ path: 'env["a.b"]', kind: "changed", from: "1", to: "2" }],
    ],
    ["nested arrays", { a: [[1, 2]] }, { a: [[1, 3]] }, [{ path: "a[0][1]", kind: "changed", from: 2, to: 3 }]],
    ["two different values at the root", "x", "y", [{ path: "", kind: "changed", from: "x", to: "y" }]],
  ];
  it.each(cases)("%s", (_name, from, to, changes) => {
    expect(diffManifests(from, to)).toEqual(changes);
  });
});

describe("manifestsEqual", () => {
  const cases: [unknown, unknown, boolean][] = [
    [BASE, structuredClone(BASE), true],
    [{ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { a: 1, c: 2 }, false],
    [[], {}, false],
    [null, {}, false],
    ["1", 1, false],
  ];
  it.each(cases)("%j vs %j -> %s", (a, b, equal) => {
    expect(manifestsEqual(a, b)).toBe(equal);
    expect(manifestsEqual(b, a)).toBe(equal);
  });
});
