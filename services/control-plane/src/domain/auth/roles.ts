/**
 * Spring Cloud Data Flow's seven roles, so its users find what they know.
 * A grant gives one role, for every task and DAG or only for those whose
 * name starts with a prefix ("team A manages settle-* only").
 */
export const ROLES = ["VIEW", "CREATE", "DEPLOY", "DESTROY", "MODIFY", "SCHEDULE", "MANAGE"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export interface Grant {
  role: Role;
  /** Only tasks and DAGs whose name starts with this; absent: all of them. */
  prefix?: string;
}

export const ALL_GRANTS: readonly Grant[] = ROLES.map((role) => ({ role }));

/** "DEPLOY" or "DEPLOY on settle-*". */
export const grantText = (g: Grant): string => (g.prefix === undefined ? g.role : `${g.role} on ${g.prefix}*`);

/** Whether any grant gives this role at all (for some names at least). */
export const hasRole = (grants: readonly Grant[], role: Role): boolean => grants.some((g) => g.role === role);

/** Whether a grant gives this role for every name. */
export const hasGlobalRole = (grants: readonly Grant[], role: Role): boolean =>
  grants.some((g) => g.role === role && g.prefix === undefined);

/** Whether the grants give this role on every one of these task or DAG names. */
export const allowsNames = (grants: readonly Grant[], role: Role, names: readonly string[]): boolean =>
  names.every((name) => grants.some((g) => g.role === role && (g.prefix === undefined || name.startsWith(g.prefix))));

/** The grants of `requested` that the `own` grants do not cover (an API token may hold no more than its creator). */
export function exceeding(requested: readonly Grant[], own: readonly Grant[]): Grant[] {
  return requested.filter(
    (r) => !own.some((o) => o.role === r.role && (o.prefix === undefined || (r.prefix ?? "").startsWith(o.prefix))),
  );
}

/** Grants with duplicates and grants covered by a wider one of the same role removed, in role order. */
export function normalizeGrants(grants: readonly Grant[]): Grant[] {
  const out: Grant[] = [];
  for (const role of ROLES) {
    const mine = grants.filter((g) => g.role === role);
    if (mine.some((g) => g.prefix === undefined)) {
      out.push({ role });
      continue;
    }
    const prefixes = [...new Set(mine.map((g) => g.prefix as string))].sort();
    for (const p of prefixes) {
      if (!prefixes.some((q) => q !== p && p.startsWith(q))) out.push({ role, prefix: p });
    }
  }
  return out;
}
