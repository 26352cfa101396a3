import { describe, expect, it } from "vitest";
import { isSecretName, maskChanges, maskSecrets } from "./mask.js";

describe("isSecretName", () => {
  it("matches secret words of camelCase and snake_case names, not substrings", () => {
    const secret = [
      "password",
      "DB_PASSWORD",
      "dbPasswd",
      "keyStorePassword",
      "client_secret",
      "AUTH_TOKEN",
      "accessToken",
      "apiKey",
      "ApiKey",
      "API_KEY",
      "apikey",
      "APIKey",
      "accessKey",
      "AWS_SECRET_ACCESS_KEY",
      "privateKey",
      "private-key",
      "credentials",
      "GOOGLE_APPLICATION_CREDENTIALS",
      "Authorization",
      "--db.password",
      "key",
      "sshKeys",
    ];
    const plain = [
      "idempotencyKey",
      "idempotency_key",
      "keys",
      "monkey",
      "keyboard",
      "tokenizer",
      "passes",
      "expire-passes",
      "PWD",
      "sortKey",
      "partitionKey",
      "REGION",
      "author",
    ];
    for (const name of secret) expect(isSecretName(name), name).toBe(true);
    for (const name of plain) expect(isSecretName(name), name).toBe(false);
  });
});

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
        keys: ["a", "b"],
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
    [
      "an idempotency key stays in clear beside a masked password",
      { task: "t", idempotencyKey: "run-1", properties: { env: { PASSWORD: "p", MONKEY: "m" } } },
      { task: "t", idempotencyKey: "run-1", properties: { env: { PASSWORD: "***", MONKEY: "m" } } },
    ],
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
        { path: "properties.env.PARTITION_KEY", kind: "changed", from: "a", to: "b" },
      ]),
    ).toEqual([
      { path: "properties.env.DB_PASSWORD", kind: "changed", from: "***", to: "***" },
      { path: "properties.env.REGION", kind: "changed", from: "eu", to: "us" },
      { path: "properties.env", kind: "added", to: { API_KEY: "***", REGION: "eu" } },
      { path: "arguments[1]", kind: "changed", from: "--db.password=***", to: "--mode=full" },
      { path: "arguments[2]", kind: "removed", from: "--token=***" },
      { path: 'env["my.secret"]', kind: "removed", from: "***" },
      { path: "properties.env.PARTITION_KEY", kind: "changed", from: "a", to: "b" },
    ]);
  });
});
