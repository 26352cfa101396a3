import { type Grant, isRole, normalizeGrants, ROLES } from "./roles.js";

/**
 * How an identity provider's claim values (groups or roles) become Baton
 * grants. BATON_OIDC_ROLE_MAP, entries separated by ";":
 *   baton-admins=*                       every role
 *   operators=VIEW,DEPLOY,SCHEDULE       these roles on every task and DAG
 *   team-a=VIEW,DEPLOY:settle-*          DEPLOY only on names starting settle-
 * With no map, a claim value that names a role (VIEW, deploy, ROLE_DEPLOY,
 * baton:deploy) grants it on everything.
 */
export type RoleMap = ReadonlyMap<string, readonly Grant[]>;

const GRANT = /^(\*|[A-Za-z]+)(?::([A-Za-z0-9][A-Za-z0-9_.-]{0,99})\*)?$/;

/** Parses one grant: "DEPLOY", "DEPLOY:settle-*", "*", "*:settle-*". */
export function parseGrant(text: string): Grant[] {
  const m = GRANT.exec(text.trim());
  const role = m?.[1]?.toUpperCase();
  if (!m || role === undefined || (role !== "*" && !isRole(role))) {
    throw new Error(
      `"${text.trim()}" is not a grant; write a role (${ROLES.join(", ")} or * for all), optionally with a name prefix like DEPLOY:settle-*`,
    );
  }
  const prefix = m[2];
  if (prefix !== undefined && role === "VIEW") {
    throw new Error(
      `"${text.trim()}": VIEW cannot be limited to a prefix (lists and events are not filtered by name); grant VIEW alone`,
    );
  }
  const roles = role === "*" ? ROLES.filter((r) => prefix === undefined || r !== "VIEW") : [role];
  return roles.map((r) => (prefix === undefined ? { role: r } : { role: r, prefix })) as Grant[];
}

/** Parses BATON_OIDC_ROLE_MAP; the Error says which entry is wrong and how to write it. */
export function parseRoleMap(text: string): RoleMap {
  const map = new Map<string, Grant[]>();
  for (const entry of text
    .split(";")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.lastIndexOf("=");
    const value = eq < 0 ? "" : entry.slice(0, eq).trim();
    if (!value)
      throw new Error(`"${entry}" is not a mapping; write <claim value>=<roles>, e.g. team-a=VIEW,DEPLOY:settle-*`);
    const grants = entry
      .slice(eq + 1)
      .split(",")
      .filter((g) => g.trim())
      .flatMap(parseGrant);
    if (grants.length === 0) throw new Error(`"${entry}" maps ${value} to no role`);
    map.set(value, normalizeGrants([...(map.get(value) ?? []), ...grants]));
  }
  return map;
}

const ROLE_VALUE = /^(?:role_|baton:|baton-)?([a-z]+)$/i;

/** The grants an identity's claim values give under a map (or, without one, by role names). */
export function grantsFromClaim(values: readonly string[], map: RoleMap): Grant[] {
  const grants: Grant[] = [];
  for (const value of values) {
    if (map.size > 0) {
      grants.push(...(map.get(value) ?? []));
      continue;
    }
    const role = ROLE_VALUE.exec(value)?.[1]?.toUpperCase();
    if (role !== undefined && isRole(role)) grants.push({ role });
  }
  return normalizeGrants(grants);
}

/** A claim's values: a list of strings, one string (space or comma separated), or nothing. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims[path];
  if (value === undefined && path.includes(".")) {
    value = path
      .split(".")
      .reduce<unknown>(
        (v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
        claims,
      );
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}
