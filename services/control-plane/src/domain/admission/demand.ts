import { cpuMillis, type DeploymentProperties, memoryBytes } from "../properties.js";
import type { RetryPolicy } from "../retry.js";

/** What a run asks of admission, read from its merged deployment properties and stored on the execution. */
export interface RunDemand {
  priority: number;
  concurrencyKey: string | null;
  concurrencyLimit: number;
  cpuMillis: number;
  memoryBytes: number;
  runnerLabels: Record<string, string> | null;
  queueTtlSeconds: number | null;
  retryPolicy: RetryPolicy | null;
}

export const NO_DEMAND: RunDemand = {
  priority: 0,
  concurrencyKey: null,
  concurrencyLimit: 1,
  cpuMillis: 0,
  memoryBytes: 0,
  runnerLabels: null,
  queueTtlSeconds: null,
  retryPolicy: null,
};

export function runDemand(props: DeploymentProperties): RunDemand {
  return {
    priority: props.priority ?? 0,
    concurrencyKey: props.concurrencyKey ?? null,
    concurrencyLimit: props.concurrencyLimit ?? 1,
    cpuMillis: cpuMillis(props) ?? 0,
    memoryBytes: memoryBytes(props) ?? 0,
    runnerLabels: props.runnerLabels && Object.keys(props.runnerLabels).length > 0 ? props.runnerLabels : null,
    queueTtlSeconds: props.queueTtlSeconds ?? null,
    retryPolicy: props.retry ?? null,
  };
}

/** The demand an execution row was admitted with (a restart asks for the same). */
export function demandOfRow(row: {
  priority: number;
  concurrencyKey: string | null;
  concurrencyLimit: number;
  cpuMillis: number;
  memoryBytes: number;
  runnerLabels: unknown;
  queuedAt: Date;
  expiresAt: Date | null;
  retryPolicy: unknown;
}): RunDemand {
  return {
    priority: row.priority,
    concurrencyKey: row.concurrencyKey,
    concurrencyLimit: row.concurrencyLimit,
    cpuMillis: row.cpuMillis,
    memoryBytes: row.memoryBytes,
    runnerLabels: (row.runnerLabels as Record<string, string> | null) ?? null,
    queueTtlSeconds: row.expiresAt
      ? Math.max(1, Math.round((row.expiresAt.getTime() - row.queuedAt.getTime()) / 1000))
      : null,
    retryPolicy: (row.retryPolicy as RetryPolicy | null) ?? null,
  };
}
