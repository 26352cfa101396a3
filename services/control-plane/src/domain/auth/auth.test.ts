import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { hashApiToken, looksLikeApiToken, newApiToken, tokenHint } from "./api-token.js";
import { claimValues, grantsFromClaim, parseGrant, parseRoleMap } from "./role-map.js";
import { allowsNames, exceeding, type Grant, hasGlobalRole, hasRole, normalizeGrants } from "./roles.js";

describe("role map", () => {
  it("reads roles, every role, and roles limited to a prefix", () => {
    const map = parseRoleMap("admins=*; ops = VIEW,deploy ;team-a=VIEW,DEPLOY:settle-*,*:settle-*");
    expect(map.get("admins")?.map((g) => g.role)).toEqual([
      "VIEW",
      "CREATE",
      "DEPLOY",
      "DESTROY",
      "MODIFY",
      "SCHEDULE",
      "MANAGE",
    ]);
    expect(map.get("ops")).toEqual([{ role: "VIEW" }, { role: "DEPLOY" }]);
    // *:settle-* is every role but VIEW on settle-*; VIEW stays unlimited.
    expect(map.get("team-a")).toContainEqual({ role: "VIEW" });
    expect(map.get("team-a")).toContainEqual({ role: "MANAGE", prefix: "settle-" });
    expect(map.get("team-a")?.filter((g) => g.role === "DEPLOY")).toEqual([{ role: "DEPLOY", prefix: "settle-" }]);
  });

  it("refuses what is not a mapping, saying how to write one", () => {
    expect(() => parseRoleMap("admins")).toThrow(/<claim value>=<roles>/);
    expect(() => parseRoleMap("admins=ROOT")).toThrow(/not a grant.*VIEW, CREATE/);
    expect(() => parseRoleMap("t=DEPLOY:settle")).toThrow(/not a grant/); // the * marks a prefix
    expect(() => parseGrant("VIEW:settle-*")).toThrow(/VIEW cannot be limited/);
    expect(() => parseRoleMap("=VIEW")).toThrow(/not a mapping/);
  });

  it("maps claim values through the map, or by role names without one", () => {
    const map = parseRoleMap("team-a=DEPLOY:settle-*");
    expect(grantsFromClaim(["team-a", "VIEW"], map)).toEqual([{ role: "DEPLOY", prefix: "settle-" }]);
    expect(grantsFromClaim(["view", "ROLE_DEPLOY", "baton:manage", "admins"], new Map())).toEqual([
      { role: "VIEW" },
      { role: "DEPLOY" },
      { role: "MANAGE" },
    ]);
  });

  it("reads a claim as a list, a space-separated string or a nested path", () => {
    expect(claimValues({ groups: ["a", 1, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ scope: "VIEW DEPLOY" }, "scope")).toEqual(["VIEW", "DEPLOY"]);
    expect(claimValues({ realm_access: { roles: ["x"] } }, "realm_access.roles")).toEqual(["x"]);
    expect(claimValues({}, "groups")).toEqual([]);
  });
});

describe("grants", () => {
  const team: Grant[] = [{ role: "VIEW" }, { role: "DEPLOY", prefix: "settle-" }, { role: "DEPLOY", prefix: "pay-" }];

  it("allow a role on names within a prefix, and everywhere only when unlimited", () => {
    expect(hasRole(team, "DEPLOY")).toBe(true);
    expect(hasGlobalRole(team, "DEPLOY")).toBe(false);
    expect(allowsNames(team, "DEPLOY", ["settle-daily", "pay-run"])).toBe(true);
    expect(allowsNames(team, "DEPLOY", ["settle-daily", "payroll"])).toBe(false);
    expect(allowsNames(team, "MODIFY", ["settle-daily"])).toBe(false);
  });

  it("tell what a token asks beyond its creator's grants", () => {
    expect(exceeding([{ role: "DEPLOY", prefix: "settle-eu-" }, { role: "VIEW" }], team)).toEqual([]);
    expect(exceeding([{ role: "DEPLOY" }], team)).toEqual([{ role: "DEPLOY" }]);
    expect(exceeding([{ role: "DEPLOY", prefix: "set" }], team)).toEqual([{ role: "DEPLOY", prefix: "set" }]);
  });

  it("normalise: a wider grant covers narrower ones of its role", () => {
    expect(
      normalizeGrants([
        { role: "DEPLOY", prefix: "settle-eu-" },
        { role: "DEPLOY", prefix: "settle-" },
        { role: "VIEW" },
        { role: "VIEW" },
      ]),
    ).toEqual([{ role: "VIEW" }, { role: "DEPLOY", prefix: "settle-" }]);
    expect(normalizeGrants([{ role: "DEPLOY", prefix: "a" }, { role: "DEPLOY" }])).toEqual([{ role: "DEPLOY" }]);
  });
});

describe("API tokens", () => {
  it("are random, recognisable, and stored only as a hash", () => {
    const a = newApiToken();
    const b = newApiToken();
    expect(a.token).not.toBe(b.token);
    expect(looksLikeApiToken(a.token)).toBe(true);
    expect(looksLikeApiToken("eyJhbGciOi.x.y")).toBe(false);
    expect(a.hash).toBe(hashApiToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(tokenHint(a.token)).toHaveLength("baton_".length + 4 + 3);
  });
});

describe("configuration", () => {
  const base = { DATABASE_URL: "postgresql://x@127.0.0.1/db" };

  it("runs the local mode on loopback, and refuses another address without authentication", () => {
    expect(loadConfig(base).auth.mode).toBe("off");
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) {
      expect(loadConfig({ ...base, HOST: host }).host).toBe(host);
    }
    for (const host of ["0.0.0.0", "::", "10.1.2.3"]) {
      expect(() => loadConfig({ ...base, HOST: host })).toThrow(/with authentication off.*BATON_INSECURE_NO_AUTH=true/);
    }
    expect(loadConfig({ ...base, HOST: "0.0.0.0", BATON_INSECURE_NO_AUTH: "true" }).auth.insecureNoAuth).toBe(true);
  });

  it("limits mutations per identity only with sign-in, unless told otherwise", () => {
    const oidc = {
      ...base,
      BATON_AUTH: "oidc",
      BATON_OIDC_ISSUER: "https://id.example.com",
      BATON_OIDC_AUDIENCE: "baton",
    };
    expect(loadConfig(base).edge.mutationsPerMinute).toBe(0);
    expect(loadConfig(oidc).edge.mutationsPerMinute).toBe(1200);
    expect(loadConfig({ ...oidc, BATON_MUTATION_RATE_LIMIT: "0" }).edge.mutationsPerMinute).toBe(0);
    expect(loadConfig({ ...base, BATON_MUTATION_RATE_LIMIT: "30" }).edge.mutationsPerMinute).toBe(30);
  });

  it("needs an issuer and an audience for OIDC, and then listens anywhere", () => {
    expect(() => loadConfig({ ...base, BATON_AUTH: "oidc" })).toThrow(/BATON_OIDC_ISSUER.*BATON_OIDC_AUDIENCE/);
    const c = loadConfig({
      ...base,
      HOST: "0.0.0.0",
      BATON_AUTH: "oidc",
      BATON_OIDC_ISSUER: "https://id.example.com/realms/batch",
      BATON_OIDC_AUDIENCE: "baton",
      BATON_OIDC_ROLE_MAP: "ops=VIEW",
    });
    expect(c.auth.oidc).toMatchObject({
      issuer: "https://id.example.com/realms/batch",
      audience: "baton",
      rolesClaim: "groups",
    });
    expect(() => loadConfig({ ...base, BATON_OIDC_ROLE_MAP: "ops=ROOT" })).toThrow(/BATON_OIDC_ROLE_MAP.*not a grant/);
    expect(() => loadConfig({ ...base, BATON_AUTH: "on" })).toThrow(/BATON_AUTH/);
  });
});
