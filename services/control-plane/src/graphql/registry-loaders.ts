import type { App, AppVersion } from "@baton/db";
import DataLoader from "dataloader";
import { inKeyOrder } from "../domain/key-order.js";
import type { RegistryService, VersionUse } from "../services/registry.service.js";
import type { GraphQLContext } from "./context.js";

/**
 * Per-request batching of what App and AppVersion fields read: the apps
 * page asks every app's versions and default, and every version's app and
 * tasks; each kind takes one query per tick, not one per app or version.
 * Nothing is cached across ticks (`cache: false`), as with the DAG run's
 * loaders: a mutation's answer must see what the mutation wrote.
 */
export interface RegistryLoaders {
  apps: DataLoader<string, App | null>;
  versions: DataLoader<string, AppVersion | null>;
  versionsOfApp: DataLoader<string, AppVersion[]>;
  uses: DataLoader<string, VersionUse[]>;
}

const byId = (row: { id: string }): string => row.id;

export function createRegistryLoaders(registry: RegistryService): RegistryLoaders {
  const batchOnly = { cache: false } as const;
  return {
    apps: new DataLoader(async (ids) => inKeyOrder(ids, await registry.appsByIds(ids), byId), batchOnly),
    versions: new DataLoader(async (ids) => inKeyOrder(ids, await registry.versionsByIds(ids), byId), batchOnly),
    versionsOfApp: new DataLoader(async (ids) => {
      const byApp = await registry.versionsOfApps(ids);
      return ids.map((id) => byApp.get(id) ?? []);
    }, batchOnly),
    uses: new DataLoader(async (ids) => {
      const byVersion = await registry.usesOfVersions(ids);
      return ids.map((id) => byVersion.get(id) ?? []);
    }, batchOnly),
  };
}

/** The request's loaders, made on first use and kept in its context. */
export function registryLoaders(ctx: GraphQLContext, registry: RegistryService): RegistryLoaders {
  ctx.registryLoaders ??= createRegistryLoaders(registry);
  return ctx.registryLoaders;
}
