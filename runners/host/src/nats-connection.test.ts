import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode, subjects } from "@baton/proto";
import { natsAuthorization, newPassword, type RunningService, startNats } from "@baton/stack";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunnerConfig } from "./config.js";
import { connectRunner, isPermissionViolation } from "./nats-connection.js";

// A real nats-server with a user per runner, as natsAuthorization writes it.
let dir = "";
let nats: RunningService;
const s = subjects("conn");
const password = newPassword();
const opened: NatsConnection[] = [];

const config = (overrides: Partial<RunnerConfig>): RunnerConfig => ({
  natsUrl: nats.url,
  prefix: "conn",
  runnerId: "r1",
  platform: "local",
  pool: "default",
  capacity: 1,
  heartbeatMs: 1000,
  cpuMillis: 1000,
  memoryBytes: 2 ** 30,
  labels: {},
  dataDir: "",
  lockDataDir: false,
  ...overrides,
});
const connected = async (c: RunnerConfig): Promise<NatsConnection> => {
  const nc = await connectRunner(c, s);
  opened.push(nc);
  return nc;
};
/** A request on the runner's own heartbeat subject: allowed, so it fails for want of a listener only. */
const ownRequest = (nc: NatsConnection) => nc.request(s.heartbeat("r1"), encode({}), { timeout: 2000 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-nats-conn-"));
  nats = await startNats({
    dataDir: join(dir, "nats"),
    authorization: natsAuthorization({
      prefix: "conn",
      controlPlane: { user: "control-plane", password: newPassword() },
      runners: [{ id: "r1", user: "r1", password }],
    }),
  });
});
afterAll(async () => {
  for (const nc of opened) await nc.close();
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("connectRunner", () => {
  it("logs in with NATS_USER and NATS_PASSWORD, its replies on its own inbox", async () => {
    const nc = await connected(config({ natsAuth: { user: "r1", password } }));
    await expect(ownRequest(nc)).rejects.toThrow(/no responders/);
  });

  it("reads the password from NATS_PASSWORD_FILE, without the file's final newline", async () => {
    const file = join(dir, "r1.password");
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    const nc = await connected(config({ natsAuth: { user: "r1", passwordFile: file } }));
    await expect(ownRequest(nc)).rejects.toThrow(/no responders/);
  });

  it("takes user:password@ from NATS_URL", async () => {
    const url = nats.url.replace("nats://", `nats://r1:${encodeURIComponent(password)}@`);
    const nc = await connected(config({ natsUrl: url }));
    await expect(ownRequest(nc)).rejects.toThrow(/no responders/);
  });

  it("fails at once on a refused login, naming NATS_USER, and never names the password", async () => {
    const started = Date.now();
    const err = await connectRunner(config({ natsAuth: { user: "r1", password: "wrong-password" } }), s).catch(
      (e: unknown) => e as Error,
    );
    expect((err as Error).message).toBe(
      `NATS at ${nats.url} refused the login of NATS_USER "r1": check NATS_USER and NATS_PASSWORD (Authorization Violation)`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const url = nats.url.replace("nats://", "nats://r1:wrong-password@");
    const fromUrl = await connectRunner(config({ natsUrl: url }), s).catch((e: unknown) => e as Error);
    expect((fromUrl as Error).message).toMatch(/refused the login of NATS_USER "r1"/);
    expect((fromUrl as Error).message).not.toContain("wrong-password");
  });

  it("says which file it cannot read", async () => {
    await expect(
      connectRunner(config({ natsAuth: { user: "r1", passwordFile: join(dir, "missing") } }), s),
    ).rejects.toThrow(/NATS_PASSWORD_FILE: cannot read .*missing/);
    await expect(connectRunner(config({ natsAuth: { nkeySeedFile: join(dir, "missing.nk") } }), s)).rejects.toThrow(
      /NATS_NKEY_SEED_FILE: cannot read/,
    );
  });

  it("a runner may not use JetStream's API: the error is recognised as a permissions violation", async () => {
    const nc = await connected(config({ natsAuth: { user: "r1", password } }));
    const err = await jetstreamManager(nc).catch((e: unknown) => e);
    expect(isPermissionViolation(err)).toBe(true);
    expect(isPermissionViolation(new Error("timeout"))).toBe(false);
  });
});
