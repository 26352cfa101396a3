import { badInput, notFound } from "../domain/errors.js";
import { audit } from "../store/audit.js";
import { FleetStore, type PoolRow, type QueueRow, type RunnerRow } from "../store/fleet-store.js";
import { inTransaction } from "../store/pool.js";
import type { RunStore } from "../store/run-store.js";
import type { RequestContext } from "./context.js";
import type { AdmissionWake } from "./ports.js";

export type RunnerState = "ACTIVE" | "DRAINING" | "DRAINED" | "OFFLINE";

export interface RunnerView extends RunnerRow {
  state: RunnerState;
}

export interface QueueView {
  pools: {
    pool: string;
    queued: number;
    running: number;
    oldestQueuedAt: Date;
    reason: string | null;
    maxConcurrent: number | null;
  }[];
  tasks: QueueRow[];
}

const POOL = /^[A-Za-z0-9_-]{1,64}$/;
const RUNNER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const POSITIONS_TTL_MS = 250;

/** Runners (what they offer, what they hold, drain / resume), pools and their limits, the queue and why it waits. */
export class FleetService {
  private readonly fleet: FleetStore;
  private positionsCache: { at: number; map: Promise<Map<string, number>> } | undefined;

  constructor(
    private readonly store: RunStore,
    private readonly admission: AdmissionWake,
    private readonly freshMs: number,
  ) {
    this.fleet = new FleetStore(store.pool);
  }

  async runners(includeOffline = false): Promise<RunnerView[]> {
    const rows = await this.fleet.runners(this.freshMs, includeOffline);
    return rows.map((r) => ({ ...r, state: stateOf(r) }));
  }

  /** drainRunner / resumeRunner: admission gives a draining runner nothing new; what it runs finishes. */
  async setDraining(id: string, draining: boolean, ctx: RequestContext): Promise<RunnerView> {
    if (!RUNNER_ID.test(id))
      throw badInput(`"${id}" is not a runner id (letters, digits, "_" or "-").`, { field: "id" });
    const found = await inTransaction(this.store.pool, async (tx) => {
      if (!(await new FleetStore(tx).setDraining(id, draining))) return false;
      await audit(tx, ctx, { action: draining ? "drainRunner" : "resumeRunner", target: id, input: { id } });
      return true;
    });
    if (!found) throw notFound(`No runner ${id} has ever sent a heartbeat; see the runners query for their ids.`);
    if (!draining) this.admission.request();
    const runner = (await this.runners(true)).find((r) => r.id === id);
    return runner as RunnerView;
  }

  pools(): Promise<PoolRow[]> {
    return this.fleet.pools();
  }

  async setPoolLimit(pool: string, maxConcurrent: number | null, ctx: RequestContext): Promise<PoolRow> {
    if (!POOL.test(pool)) throw badInput(`pool "${pool}" must be 1-64 letters, digits, _ or -.`, { field: "pool" });
    if (maxConcurrent !== null && (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 100_000)) {
      throw badInput(
        `maxConcurrent must be a whole number from 1 to 100000 (or null for no pool limit), got ${maxConcurrent}.`,
        { field: "maxConcurrent" },
      );
    }
    const row = await inTransaction(this.store.pool, async (tx) => {
      const saved = await new FleetStore(tx).setPoolLimit(pool, maxConcurrent);
      await audit(tx, ctx, { action: "setPoolLimit", target: pool, input: { pool, maxConcurrent } });
      return saved;
    });
    this.admission.request();
    return row;
  }

  async queue(): Promise<QueueView> {
    const [tasks, pools, active] = await Promise.all([
      this.fleet.queue(),
      this.fleet.pools(),
      this.fleet.activeByPool(),
    ]);
    const limits = new Map(pools.map((p) => [p.name, p.maxConcurrent]));
    const byPool = new Map<string, QueueView["pools"][number]>();
    for (const t of tasks) {
      const p = byPool.get(t.pool);
      if (!p) {
        byPool.set(t.pool, {
          pool: t.pool,
          queued: t.queued,
          running: active.get(t.pool) ?? 0,
          oldestQueuedAt: t.oldestQueuedAt,
          reason: t.reason,
          maxConcurrent: limits.get(t.pool) ?? null,
        });
        continue;
      }
      p.queued += t.queued;
      if (t.oldestQueuedAt < p.oldestQueuedAt) {
        p.oldestQueuedAt = t.oldestQueuedAt;
        p.reason = t.reason ?? p.reason;
      }
    }
    return { pools: [...byPool.values()], tasks };
  }

  /** The run's place in its pool's line (1 = next), shared by every field of a request made within 250 ms. */
  async position(executionId: string): Promise<number | null> {
    const now = Date.now();
    if (!this.positionsCache || now - this.positionsCache.at > POSITIONS_TTL_MS) {
      this.positionsCache = { at: now, map: this.fleet.positions() };
    }
    return (await this.positionsCache.map).get(executionId) ?? null;
  }

  attempts(executionId: string): Promise<string[]> {
    return this.fleet.attempts(executionId);
  }
}

function stateOf(r: RunnerRow): RunnerState {
  if (!r.fresh) return "OFFLINE";
  if (r.drainingAt) return r.usedSlots > 0 ? "DRAINING" : "DRAINED";
  return "ACTIVE";
}
