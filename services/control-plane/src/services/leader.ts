import type { NatsConnection } from "@nats-io/transport-node";
import pg from "pg";
import { checkLeaderLock, tryLeaderLock } from "../store/leader.js";

export interface Leadership {
  isLeader(): boolean;
  /** How long this instance has been able to hear runners and write what they say; 0 when not leading. */
  healthyForMs(): number;
  /** A database call of a background loop failed: heartbeats may not have been written either. */
  unhealthy(): void;
}

/**
 * One leader among the control planes: the holder of a Postgres session
 * advisory lock, on a connection of its own (not from the pool, so the lock
 * is not lent out with it). Losing that connection is losing leadership; the
 * lock is then free for another instance. The background loops run only on
 * the leader, and each is safe even if two instances ran it at once.
 */
export class Leader implements Leadership {
  private client: pg.Client | undefined;
  private leading = false;
  private healthySince = Date.now();
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly instanceId: string,
    private readonly log: (m: string) => void,
    private readonly checkEveryMs = 1000,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** NATS trouble means heartbeats may not have reached anyone: start counting again. */
  watch(nc: NatsConnection): void {
    (async () => {
      for await (const s of nc.status()) {
        if (s.type === "disconnect" || s.type === "reconnect") this.unhealthy();
      }
    })().catch(() => undefined);
  }

  isLeader(): boolean {
    return this.leading;
  }

  healthyForMs(): number {
    return this.leading ? Date.now() - this.healthySince : 0;
  }

  unhealthy(): void {
    this.healthySince = Date.now();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.drop();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    try {
      if (!this.client) await this.connect();
      const client = this.client as pg.Client;
      if (this.leading) await checkLeaderLock(client);
      else if (await tryLeaderLock(client)) {
        this.leading = true;
        // A new leader has heard nothing yet: the heartbeats written while the
        // database (or the old leader) was away may be stale, so its silence
        // count starts now, not at its last failed attempt to connect.
        this.unhealthy();
        this.log(`instance ${this.instanceId} is now the leader`);
      }
      this.failures = 0;
      this.schedule(this.checkEveryMs);
    } catch (err) {
      this.failures++;
      this.log(`leader connection failed: ${(err as Error).message}`);
      await this.drop();
      this.schedule(Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7)));
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: `baton-leader ${this.instanceId}`.slice(0, 63),
      keepAlive: true,
      query_timeout: 10_000,
    });
    client.on("error", (err) => {
      this.log(`leader connection dropped: ${err.message}`);
      void this.drop();
    });
    this.client = client;
    await client.connect();
  }

  private async drop(): Promise<void> {
    if (this.leading) this.log(`instance ${this.instanceId} is no longer the leader`);
    this.leading = false;
    this.unhealthy();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
