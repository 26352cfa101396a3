import { describe, expect, it } from "vitest";
import { type EdgePolicy, hostAllowed, originAllowed, parseHostHeader } from "./edge.js";

const policy = (over: Partial<EdgePolicy> = {}): EdgePolicy => ({
  host: "127.0.0.1",
  port: () => 4000,
  corsOrigins: [],
  allowedHosts: [],
  ...over,
});

describe("Host header", () => {
  it("parses names, IPv6 literals and ports", () => {
    expect(parseHostHeader("Example.COM.:4000")).toEqual({ name: "example.com", port: 4000 });
    expect(parseHostHeader("[::1]:80")).toEqual({ name: "[::1]", port: 80 });
    expect(parseHostHeader("localhost")).toEqual({ name: "localhost", port: undefined });
    expect(parseHostHeader("a:b:c")).toBeUndefined();
    expect(parseHostHeader("")).toBeUndefined();
  });

  it("accepts the bound address and loopback names on the bound port only", () => {
    for (const ok of ["127.0.0.1:4000", "localhost:4000", "LOCALHOST:4000", "[::1]:4000"]) {
      expect(hostAllowed(ok, policy()), ok).toBe(true);
    }
    for (const bad of ["evil.example:4000", "127.0.0.1:4001", "localhost", "127.0.0.1.evil.example:4000", undefined]) {
      expect(hostAllowed(bad, policy()), String(bad)).toBe(false);
    }
    expect(hostAllowed("baton.lan:4000", policy({ host: "baton.lan" }))).toBe(true);
    expect(hostAllowed("baton.lan:4000", policy())).toBe(false);
    // IP addresses are not names a rebinding page can send: a wildcard bind is reached by them.
    expect(hostAllowed("0.0.0.0:4000", policy({ host: "0.0.0.0" }))).toBe(true);
    expect(hostAllowed("10.0.0.5:4000", policy({ host: "0.0.0.0" }))).toBe(true);
    expect(hostAllowed("[fe80::1]:4000", policy({ host: "::" }))).toBe(true);
    expect(hostAllowed("10.0.0.5:4001", policy({ host: "0.0.0.0" }))).toBe(false);
    expect(hostAllowed("10.0.0.5.nip.io:4000", policy({ host: "0.0.0.0" }))).toBe(false);
  });

  it("accepts BATON_ALLOWED_HOSTS names, with any port or the one given", () => {
    const p = policy({ allowedHosts: ["baton.internal", "proxy.example:443"] });
    expect(hostAllowed("baton.internal:8080", p)).toBe(true);
    expect(hostAllowed("baton.internal", p)).toBe(true);
    expect(hostAllowed("proxy.example:443", p)).toBe(true);
    expect(hostAllowed("proxy.example:444", p)).toBe(false);
    expect(hostAllowed("other.internal:4000", p)).toBe(false);
  });
});

describe("Origin", () => {
  it("lets in requests without Origin and pages of the console's origins only", () => {
    const p = policy({ corsOrigins: ["http://127.0.0.1:3000", "http://localhost:3000"] });
    expect(originAllowed(undefined, p)).toBe(true);
    expect(originAllowed("http://127.0.0.1:3000", p)).toBe(true);
    expect(originAllowed("http://LOCALHOST:3000/", p)).toBe(true);
    for (const bad of ["http://127.0.0.1:3001", "https://127.0.0.1:3000", "null", "http://evil.example"]) {
      expect(originAllowed(bad, p), bad).toBe(false);
    }
    expect(originAllowed("http://127.0.0.1:3000", policy())).toBe(false);
  });
});
