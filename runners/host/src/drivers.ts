import type { Driver, DriverContext, DriverModule } from "@baton/proto";

/** Loads a driver's module; called only for the platform the runner is configured with. */
export type DriverLoader = () => Promise<DriverModule>;
export type DriverRegistry = Readonly<Record<string, DriverLoader>>;

/**
 * Every driver this runner can use, keyed by RUNNER_PLATFORM. One explicit
 * object: a new driver is added here, never registered at
 * runtime or loaded by a name from outside. Each is a dynamic import, so a
 * local runner never loads dockerode or the Kubernetes client (test/runner-drivers.test.ts proves it).
 */
export const DRIVERS = {
  local: async () => (await import("@baton/runner-local-process")).localProcessDriver as DriverModule,
  docker: async () => (await import("@baton/runner-docker")).dockerDriver as DriverModule,
  kubernetes: async () => (await import("@baton/runner-kubernetes")).kubernetesDriver as DriverModule,
} as const satisfies DriverRegistry;

export type Platform = keyof typeof DRIVERS;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The configured driver: its module loaded, its settings validated from the
 * environment (an Error listing every bad variable), then created (which may
 * connect to an engine). Settings are checked before anything is started.
 */
export async function loadDriver(
  registry: DriverRegistry,
  platform: string,
  env: Env,
  context: DriverContext,
): Promise<Driver> {
  const load = registry[platform];
  if (!load) throw new Error(`no driver for platform "${platform}"; one of: ${Object.keys(registry).join(", ")}`);
  const module = await load();
  let settings: unknown;
  try {
    settings = module.settings(env);
  } catch (err) {
    throw new Error(
      `invalid ${module.kind} runner configuration:\n  ${(err instanceof Error ? err.message : String(err)).split("\n").join("\n  ")}`,
    );
  }
  return module.create(settings, context);
}

/** A registry of one ready driver, for tests and embedding: no settings, nothing loaded. */
export function fixedDriver(platform: string, create: (context: DriverContext) => Driver): DriverRegistry {
  return {
    [platform]: async () => ({ kind: platform, settings: () => undefined, create: (_s, context) => create(context) }),
  };
}
