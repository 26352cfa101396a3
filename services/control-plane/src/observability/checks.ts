import { readMigrations } from "@baton/db";
import type { Bus } from "../bus/connection.js";
import { healthStore } from "../store/health-store.js";
import type { Queryable } from "../store/run-store.js";
import type { ReadinessCheck } from "./readiness.js";

/**
 * What the control plane needs to serve: Postgres answering, every migration
 * this build ships applied, NATS connected, and its JetStream streams there.
 */
export function controlPlaneChecks(db: Queryable, bus: Bus): ReadinessCheck[] {
  const shipped = readMigrations().then((files) => files.map((f) => f.name));
  return [
    { name: "postgres", check: async () => void (await healthStore.ping(db)) },
    {
      name: "migrations",
      check: async () => {
        const applied = await healthStore.appliedMigrations(db);
        const missing = (await shipped).filter((name) => !applied.has(name));
        return missing.length === 0
          ? undefined
          : `${missing.length} migration(s) not applied (${missing.slice(0, 3).join(", ")}): start a control plane with BATON_MIGRATE=true`;
      },
    },
    {
      name: "nats",
      check: async () => {
        if (bus.nc.isClosed()) return "the NATS connection is closed";
        // A round trip to the server: while it is away this fails or waits (and the check times out).
        return bus.nc.flush().then(
          () => undefined,
          (err: Error) => `not connected to NATS (${err.message}); reconnecting`,
        );
      },
    },
    {
      name: "jetstream",
      check: async () => {
        const missing: string[] = [];
        for (const name of [bus.s.eventStream, bus.s.triggerStream]) {
          await bus.jsm.streams.info(name).catch(() => missing.push(name));
        }
        return missing.length === 0 ? undefined : `JetStream stream(s) missing: ${missing.join(", ")}`;
      },
    },
  ];
}
