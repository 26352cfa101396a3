import { describe, expect, it } from "vitest";
import { isNatsAuthError, natsConnectProblem, natsTarget } from "./nats-credentials.js";

describe("natsTarget", () => {
  it("takes the credentials out of the URLs, decoded, and keeps the servers", () => {
    expect(natsTarget("nats://r%40x:p%3Aw@a:4222, nats://b:4223")).toEqual({
      servers: ["nats://a:4222", "nats://b:4223"],
      user: "r@x",
      password: "p:w",
    });
    expect(natsTarget("nats://127.0.0.1:4222")).toEqual({ servers: ["nats://127.0.0.1:4222"] });
    expect(natsTarget("tls://h")).toEqual({ servers: ["tls://h"] });
  });
});

describe("natsConnectProblem", () => {
  const refused = Object.assign(new Error("Authorization Violation"), { name: "AuthorizationError" });
  const url = "nats://u:secret@h:4222";

  it("names the variables to fix, never the password", () => {
    expect(isNatsAuthError(refused)).toBe(true);
    expect(natsConnectProblem(refused, url, { user: "u" })).toBe(
      'NATS at nats://h:4222 refused the login of NATS_USER "u": check NATS_USER and NATS_PASSWORD (Authorization Violation)',
    );
    expect(natsConnectProblem(refused, url, undefined)).toMatch(
      /requires credentials and none were given: set NATS_USER/,
    );
    expect(natsConnectProblem(refused, url, { nkeySeedFile: "/k.nk" })).toMatch(
      /refused the NKEY in NATS_NKEY_SEED_FILE \(\/k\.nk\)/,
    );
    expect(natsConnectProblem(refused, url, { user: "u" })).not.toContain("secret");
  });

  it("passes any other failure on as it is", () => {
    const down = new Error("connect ECONNREFUSED 127.0.0.1:4222");
    expect(isNatsAuthError(down)).toBe(false);
    expect(natsConnectProblem(down, url, { user: "u" })).toBe(
      "cannot connect to NATS at nats://h:4222: connect ECONNREFUSED 127.0.0.1:4222",
    );
  });
});
