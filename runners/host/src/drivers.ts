import type { Driver } from "@baton/proto";
import { createLocalProcessDriver } from "@baton/runner-local-process";

/** What the host gives a driver it creates: where to write its log lines. */
export interface DriverContext {
  log: (line: string) => void;
}
export type DriverFactory = (context: DriverContext) => Driver;
export type DriverRegistry = Readonly<Record<string, DriverFactory>>;

/**
 * Every driver this runner can use, keyed by RUNNER_PLATFORM. One explicit
 * object: a new driver (Docker, Kubernetes) is added here, never registered
 * at runtime or loaded by name.
 */
export const DRIVERS = {
  local: createLocalProcessDriver,
} as const satisfies DriverRegistry;

export type Platform = keyof typeof DRIVERS;
