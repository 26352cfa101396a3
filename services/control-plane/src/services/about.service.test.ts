import type { ControlPlaneAbout } from "@baton/proto";
import { describe, expect, it } from "vitest";
import type { AboutStore } from "../store/about-store.js";
import { AboutService, CONTROL_PLANE_VERSION, PROCESS_STARTED_AT } from "./about.service.js";

const other: ControlPlaneAbout = {
  v: 1,
  instance: "cp-other",
  version: "0.1.0",
  hostname: "elsewhere",
  pid: 7,
  startedAt: "2026-01-02T03:04:05.000Z",
  leader: true,
};

const service = (replies: ControlPlaneAbout[], leading = false) =>
  new AboutService(
    "cp-self",
    "postgresql://baton:hunter2@db.internal:5433/baton",
    { isLeader: () => leading },
    { serverVersion: async () => "16.4" } as AboutStore,
    { gather: async () => replies },
    {
      facts: () => ({ version: "2.12.1", serverName: "NABC", jetStream: true, server: "nats.internal:4222" }),
    },
  );

describe("AboutService", () => {
  it("lists itself first with its own facts, even when no answer came (NATS down)", async () => {
    const about = await service([], true).about();
    expect(about.controlPlanes).toEqual([
      {
        instance: "cp-self",
        version: CONTROL_PLANE_VERSION,
        hostname: expect.any(String),
        pid: process.pid,
        startedAt: PROCESS_STARTED_AT,
        leader: true,
      },
    ]);
    expect(about.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("adds the others after itself, and its own echo only once", async () => {
    const s = service([other]);
    const about = await service([other, s.self()]).about();
    expect(about.controlPlanes.map((c) => [c.instance, c.leader])).toEqual([
      ["cp-self", false],
      ["cp-other", true],
    ]);
  });

  it("tells the database and NATS without credentials", async () => {
    const about = await service([]).about();
    expect(about.database).toEqual({ version: "PostgreSQL 16.4", host: "db.internal", port: 5433, name: "baton" });
    expect(about.nats).toEqual({ version: "2.12.1", serverName: "NABC", jetStream: true, url: "nats.internal:4222" });
    expect(JSON.stringify(about)).not.toContain("hunter2");
  });

  it("started at the process's start (Node's time origin), not at its own construction", () => {
    expect(Math.abs(PROCESS_STARTED_AT.getTime() - (Date.now() - performance.now()))).toBeLessThan(1000);
    expect(service([]).self().startedAt).toBe(PROCESS_STARTED_AT.toISOString());
  });
});
