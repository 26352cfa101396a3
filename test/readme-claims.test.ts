import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect, type Msg } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses, waitFor } from "./support/flows.js";
import type { GraphQLClient } from "./support/graphql.js";

// Claims README.md makes that no other test checks. (graceSeconds: cancel-grace.test.ts;
// `npm start` on free ports: stack.test.ts.)

const storedLogs = async (env: TestEnv, id: string): Promise<string[]> =>
  (
    await env.sql<{ payload: { text: string } }>(
      `SELECT payload FROM execution_event_log WHERE "executionId" = $1 AND kind = 'LOG' ORDER BY seq`,
      [id],
    )
  ).map((r) => r.payload.text);

describe("README claims", () => {
  let env: TestEnv;
  let api: GraphQLClient;
  beforeAll(async () => {
    // An assignment no runner claimed after 1 s is sent again; a runner is LOST after 10 s of silence.
    env = await startEnv({
      controlPlaneEnv: { BATON_REDISPATCH_AFTER_MS: "1000", BATON_RUNNER_LOST_AFTER_MS: "10000" },
    });
    api = env.api[0]!;
  });
  afterAll(() => env?.stop());

  it("keeps the caller's X-Correlation-Id in the audit record, and makes one up otherwise", async () => {
    await defineTask(api, "correlated", env.script("correlated.mjs", "console.log('ok')\n"));
    const correlationId = `corr-${randomUUID()}`;
    const headers = { "x-correlation-id": correlationId, "x-baton-actor": "dora" };
    const registered = await api.request(
      `mutation { registerApp(input: { name: "correlated-app", version: "2.0.0", uri: "file:///opt/correlated.mjs" }) { version } }`,
      {},
      headers,
    );
    expect(registered.errors).toBeUndefined();
    // A launch writes its audit record on the hot path (one statement); check that path too.
    const launched = await api.request<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "correlated" }) { id } }`,
      {},
      headers,
    );
    expect(launched.errors).toBeUndefined();
    const anonymous = await launch(api, "correlated");

    const audit = await api.ok<{
      auditRecords: { edges: { node: { action: string; target: string; actor: string; correlationId: string } }[] };
    }>(`{ auditRecords(first: 100) { edges { node { action target actor correlationId } } } }`);
    const records = audit.auditRecords.edges.map((e) => e.node);
    const kept = records.filter((r) => r.correlationId === correlationId);
    expect(kept.map((r) => `${r.actor} ${r.action} ${r.target}`).sort()).toEqual(
      ["dora registerApp correlated-app@2.0.0", `dora launchTask ${launched.data!.launchTask.id}`].sort(),
    );
    const other = records.find((r) => r.action === "launchTask" && r.target === anonymous.id);
    expect(other?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(other?.correlationId).not.toBe(correlationId);
  });

  it("keeps the revision a run was launched with across an upgrade; the next launch uses the new one", async () => {
    // Revision 1's program holds until the release file exists; revision 2's says so and ends.
    const v1 = env.script(
      "pinned-1.mjs",
      `import { existsSync } from "node:fs";
console.log("revision 1 program");
while (!existsSync(process.argv[2])) await new Promise((r) => setTimeout(r, 20));
`,
    );
    const v2 = env.script("pinned-2.mjs", `console.log("revision 2 program");\n`);
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "pinned-app", version: "1.0.0", uri: v1 },
    });
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "pinned-app", version: "2.0.0", uri: v2 },
    });
    await api.ok(`mutation { createTask(input: { name: "pinned", app: "pinned-app", version: "1.0.0" }) { name } }`);
    const release = join(env.dir, "release-pinned");

    // One run is running revision 1's program; another waits in a pool no runner serves yet.
    const running = await launch(api, "pinned", { arguments: [release] });
    const waiting = await launch(api, "pinned", { arguments: [release], properties: { pool: "later" } });
    expect([running.releaseRevision, waiting.releaseRevision]).toEqual([1, 1]);
    await waitFor("revision 1's program to run", async () =>
      (await storedLogs(env, running.id)).includes("revision 1 program"),
    );

    const upgraded = await api.ok<{ upgradeTask: { revision: number; status: string } }>(
      `mutation { upgradeTask(input: { task: "pinned", version: "2.0.0" }) { revision status } }`,
    );
    expect(upgraded.upgradeTask).toEqual({ revision: 2, status: "DEPLOYED" });
    expect(await getExecution(api, running.id)).toMatchObject({ status: "RUNNING", releaseRevision: 1 });

    writeFileSync(release, "");
    await env.startRunner({ RUNNER_POOL: "later" });
    for (const run of [running, waiting]) {
      expect(statuses(await allEvents(api, run.id)).at(-1)).toBe("COMPLETED");
      expect(await getExecution(api, run.id)).toMatchObject({ status: "COMPLETED", releaseRevision: 1 });
      expect(await storedLogs(env, run.id)).toEqual(["revision 1 program"]);
    }

    const next = await launch(api, "pinned");
    expect(next.releaseRevision).toBe(2);
    expect(statuses(await allEvents(api, next.id)).at(-1)).toBe("COMPLETED");
    expect(await storedLogs(env, next.id)).toEqual(["revision 2 program"]);
  });

  it("sends a command again to a runner that did not answer, and runs it exactly once", async () => {
    const ledger = join(env.dir, "once.ledger");
    writeFileSync(ledger, "");
    await defineTask(
      api,
      "once",
      env.script(
        "once.mjs",
        `import { appendFileSync } from "node:fs";
appendFileSync(process.argv[2], process.env.BATON_EXECUTION_ID + "\\n");
`,
      ),
    );
    const nc = await connect({ servers: env.natsUrl });
    // Every command sent to a runner, seen on core NATS.
    const sends: Msg[] = [];
    const sub = nc.subscribe(`${env.prefix}.ctl.run.*`, {
      callback: (_err, msg) => {
        sends.push(msg);
      },
    });
    await nc.flush();
    const runner = env.runners[0]!.process;
    const sendsFor = (id: string) => sends.filter((m) => m.json<{ executionId: string }>().executionId === id);
    try {
      // The runner hears nothing for a while (stopped well within its stall and LOST limits):
      // the command is not answered, and the control plane sends it again.
      runner.kill("SIGSTOP");
      const run = await launch(api, "once", { arguments: [ledger] });
      await waitFor("the control plane to send the command twice", async () => sendsFor(run.id).length >= 2);
      expect(await getExecution(api, run.id)).toMatchObject({ status: "DISPATCHED", runnerId: null });
      runner.kill("SIGCONT");
      const events = await allEvents(api, run.id);
      expect(statuses(events)).toEqual(["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"]);
      // Both copies reached the runner; it kept one.
      const later = await launch(api, "once", { arguments: [ledger] });
      expect(statuses(await allEvents(api, later.id)).at(-1)).toBe("COMPLETED");
      expect(readFileSync(ledger, "utf8").trim().split("\n")).toEqual([run.id, later.id]);
      const running = await env.sql<{ n: string }>(
        `SELECT count(*) AS n FROM execution_events WHERE "executionId" = $1 AND kind = 'STATUS' AND payload->>'status' = 'RUNNING'`,
        [run.id],
      );
      expect(Number(running[0]!.n)).toBe(1);
    } finally {
      runner.kill("SIGCONT");
      sub.unsubscribe();
      await nc.close();
    }
  });
});
