import { createRequire } from "node:module";
import { hostname } from "node:os";
import type { ControlPlaneAbout } from "@baton/proto";
import {
  type ControlPlaneInfo,
  controlPlaneList,
  type DatabaseAddress,
  databaseAddress,
  natsHostPort,
  postgresVersion,
} from "../domain/about.js";
import type { AboutStore } from "../store/about-store.js";
import type { Leadership } from "./leader.js";

/** This control plane's package version (services/control-plane/package.json), what the page calls Baton's. */
export const CONTROL_PLANE_VERSION: string = (
  createRequire(import.meta.url)("../../package.json") as { version: string }
).version;

/** When this process started: Node's time origin, not when the About service was made. */
export const PROCESS_STARTED_AT = new Date(performance.timeOrigin);

/** The other control planes' facts, gathered over NATS (bus/about.ts). */
export interface AboutPeers {
  /** Every answer that arrived and decoded, this instance's own included; never throws. */
  gather(): Promise<ControlPlaneAbout[]>;
}

/** What this connection knows of its NATS server. */
export interface NatsFacts {
  facts(): { version: string; serverName: string; jetStream: boolean; server: string };
}

export interface DatabaseInfo extends DatabaseAddress {
  /** "PostgreSQL 16.4". */
  version: string;
}

export interface NatsInfo {
  version: string;
  serverName: string;
  jetStream: boolean;
  /** host:port, never credentials. */
  url: string;
}

export interface About {
  version: string;
  controlPlanes: ControlPlaneInfo[];
  database: DatabaseInfo;
  nats: NatsInfo;
}

/**
 * The console's About page: Baton's version, every control plane that
 * answers, and the database and NATS this one uses. The database's address
 * is read once from its URL (host, port and name only, never the login).
 */
export class AboutService {
  private readonly address: DatabaseAddress;

  constructor(
    private readonly instanceId: string,
    databaseUrl: string,
    private readonly leader: Pick<Leadership, "isLeader">,
    private readonly store: AboutStore,
    private readonly peers: AboutPeers,
    private readonly nats: NatsFacts,
  ) {
    this.address = databaseAddress(databaseUrl);
  }

  /** What this instance answers on `<prefix>.ctl.about`, and lists first itself. */
  self(): ControlPlaneAbout {
    return {
      v: 1,
      instance: this.instanceId,
      version: CONTROL_PLANE_VERSION,
      hostname: hostname(),
      pid: process.pid,
      startedAt: PROCESS_STARTED_AT.toISOString(),
      leader: this.leader.isLeader(),
    };
  }

  /** The database is asked while the answers are gathered: the page waits for the slower of the two. */
  async about(): Promise<About> {
    const [serverVersion, replies] = await Promise.all([this.store.serverVersion(), this.peers.gather()]);
    const n = this.nats.facts();
    return {
      version: CONTROL_PLANE_VERSION,
      controlPlanes: controlPlaneList(this.self(), replies),
      database: { ...this.address, version: postgresVersion(serverVersion) },
      nats: { version: n.version, serverName: n.serverName, jetStream: n.jetStream, url: natsHostPort(n.server) },
    };
  }
}
