import { describe, expect, it } from "vitest";
import { maskChanges, maskSecrets } from "./mask.js";

describe("maskSecrets", () => {
  const cases: [string, unknown, unknown][] = [
    [
      "secret keys at any depth, any case, whatever the value",
      {
        app: "settle",
        properties: {
          env: { DB_PASSWORD: "p", ApiKey: 42, AUTH_TOKEN: null, REGION: "eu", client_secret: { a: 1 } },
          timeoutSeconds: 600,
        },
        keys: ["a", "b"],
      },
      {
        app: "settle",
        properties: {
          env: { DB_PASSWORD: "***", ApiKey: "***", AUTH_TOKEN: "***", REGION: "eu", client_secret: "***" },
          timeoutSeconds: 600,
        },
        keys: "***",
      },
    ],
    [
      "arrays are walked; name=value items with a secret name are masked",
      {
        arguments: [
          "--db.password=x=y",
          "password=hunter2",
          "-Djavax.net.ssl.keyStorePassword=p",
          "--mode=full",
          "--password",
          "hunter2",
          "--note=my password is x",
          "=token",
          { token: "t", other: ["--secret=s"] },
        ],
      },
      {
        arguments: [
          "--db.password=***",
          "password=***",
          "-Djavax.net.ssl.keyStorePassword=***",
          "--mode=full",
          "--password",
          "hunter2",
          "--note=my password is x",
          "=token",
          { token: "***", other: ["--secret=***"] },
        ],
      },
    ],
    ["scalars and null pass through", "password=x", "password=x"],
    ["null", null, null],
    ["a top-level array", ["apikey=1", 2, null], ["apikey=***", 2, null]],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    const before = structuredClone(input);
    expect(maskSecrets(input)).toEqual(expected);
    expect(input).toEqual(before);
  });
});

describe("maskChanges", () => {
  it("keeps a secret's change visible but hides both sides", () => {
    expect(
      maskChanges([
        { path: "properties.env.DB_PASSWORD", kind: "changed", from: "a", to: "b" },
        { path: "properties.env.REGION", kind: "changed", from: "eu", to: "us" },
        { path: "properties.env", kind: "added", to: { API_KEY: "k", REGION: "eu" } },
        { path: "arguments[1]", kind: "changed", from: "--db.password=a", to: "--mode=full" },
        { path: "arguments[2]", kind: "removed", from: "--token=t" },
        { path: 'env["my.secret"]', kind: "removed", from: "x" },
      ]),
    ).toEqual([
      { path: "properties.env.DB_PASSWORD", kind: "changed", from: "***", to: "***" },
      { path: "properties.env.REGION", kind: "changed", from: "eu", to: "us" },
      { path: "properties.env", kind: "added", to: { API_KEY: "***", REGION: "eu" } },
      { path: "arguments[1]", kind: "changed", from: "--db.password=***", to: "--mode=full" },
      { path: "arguments[2]", kind: "removed", from: "--token=***" },
      { path: 'env["my.secret"]', kind: "removed", from: "***" },
    ]);
  });
});
