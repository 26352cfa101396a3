import type { ControlPlaneAbout } from "@baton/proto";
import { describe, expect, it } from "vitest";
import { controlPlaneList, databaseAddress, natsHostPort, postgresVersion } from "./about.js";

const facts = (instance: string, leader = false): ControlPlaneAbout => ({
  v: 1,
  instance,
  version: "0.1.0",
  hostname: `host-${instance}`,
  pid: 100,
  startedAt: "2026-01-02T03:04:05.000Z",
  leader,
});

describe("databaseAddress", () => {
  it("gives host, port and name, and neither the user nor the password", () => {
    const url = "postgresql://baton_user:s3cr%40t-pw@db.internal:6543/baton_prod?sslmode=require";
    const address = databaseAddress(url);
    expect(address).toEqual({ host: "db.internal", port: 6543, name: "baton_prod" });
    const text = JSON.stringify(address);
    for (const secret of ["baton_user", "s3cr", "pw", "@"]) expect(text).not.toContain(secret);
  });

  it("a URL without a port gives null (the driver's default), IPv6 loses its brackets, names are decoded", () => {
    expect(databaseAddress("postgres://u:p@localhost/baton")).toEqual({ host: "localhost", port: null, name: "baton" });
    expect(databaseAddress("postgres://u:p@[::1]:5433/my%20db")).toEqual({ host: "::1", port: 5433, name: "my db" });
  });

  it("takes a socket directory from ?host=", () => {
    expect(databaseAddress("postgresql:///baton?host=/var/run/postgresql")).toEqual({
      host: "/var/run/postgresql",
      port: null,
      name: "baton",
    });
  });

  it("never echoes a URL it cannot read (it may hold the password)", () => {
    for (const url of [
      "postgresql://u:hunter2@h1:5432,h2:5433/db",
      "not a url hunter2",
      "postgresql://u:hunter2@h:99999/db",
    ]) {
      const address = databaseAddress(url);
      expect(JSON.stringify(address), url).not.toContain("hunter2");
      expect(address.host, url).toBe("");
    }
  });
});

describe("natsHostPort", () => {
  it("keeps host:port and cuts schemes, users, passwords and tokens", () => {
    expect(natsHostPort("127.0.0.1:4222")).toBe("127.0.0.1:4222");
    expect(natsHostPort("nats://alice:hunter2@nats.internal:4222")).toBe("nats.internal:4222");
    expect(natsHostPort("tls://s3cret-token@nats.internal:4443/")).toBe("nats.internal:4443");
    expect(natsHostPort("[::1]:4222")).toBe("[::1]:4222");
  });
});

describe("postgresVersion", () => {
  it("reads as PostgreSQL <server_version>", () => {
    expect(postgresVersion("16.4")).toBe("PostgreSQL 16.4");
    expect(postgresVersion("17.2 (Debian 17.2-1.pgdg120+1)")).toBe("PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1)");
  });
});

describe("controlPlaneList", () => {
  it("lists this instance alone when nothing answered (NATS down)", () => {
    const list = controlPlaneList(facts("cp-b", true), []);
    expect(list.map((c) => c.instance)).toEqual(["cp-b"]);
    expect(list[0]?.startedAt).toEqual(new Date("2026-01-02T03:04:05.000Z"));
    expect(list[0]?.leader).toBe(true);
  });

  it("puts this instance first from its own facts, drops its echo and duplicates, orders the rest", () => {
    const self = facts("cp-b");
    const echo = { ...facts("cp-b"), pid: 999 };
    const list = controlPlaneList(self, [facts("cp-c"), echo, facts("cp-a", true), { ...facts("cp-a"), pid: 7 }]);
    expect(list.map((c) => c.instance)).toEqual(["cp-b", "cp-a", "cp-c"]);
    expect(list[0]?.pid).toBe(100);
    expect(list[1]).toMatchObject({ instance: "cp-a", leader: true, pid: 100 });
  });
});
