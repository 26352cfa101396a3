// What the signed-in user may do, as the API decides it
// (services/control-plane/src/graphql/authorize.ts): a role held without a
// prefix covers every task and DAG; a grant limited to a prefix covers the
// names that start with it. Operations that act on no one name (register an
// app, drain a runner) need the role on everything. Pure, for the tests.

export const ROLES = ["VIEW", "CREATE", "DEPLOY", "DESTROY", "MODIFY", "SCHEDULE", "MANAGE"] as const;
export type Role = (typeof ROLES)[number];

/** One grant as `me { grants { role prefix } }` returns it. */
export interface Grant {
  role: string;
  prefix?: string | null;
}

const covers = (g: Grant, role: Role, name: string | undefined): boolean =>
  g.role === role && (g.prefix == null || name?.startsWith(g.prefix) === true);

/**
 * Whether the grants allow `role` on the task or DAG `name`; without a name,
 * on every task and DAG (what registerApp, drainRunner and the like need).
 */
export function can(grants: readonly Grant[], role: Role, name?: string): boolean {
  return grants.some((g) => covers(g, role, name));
}

/** Whether the grants allow `role` on some name at least (a form where the user picks the name). */
export function canSome(grants: readonly Grant[], role: Role): boolean {
  return grants.some((g) => g.role === role);
}

const grantText = (g: Grant): string => (g.prefix == null ? g.role : `${g.role} on ${g.prefix}*`);

/**
 * Why not, in a sentence for a tooltip and a note ("Needs DEPLOY on
 * billing-report; yours covers settle-* only."), or undefined when allowed.
 * `some`: the user picks the name, so any grant of the role will do.
 */
export function whyNot(grants: readonly Grant[], role: Role, name?: string, some = false): string | undefined {
  if (some ? canSome(grants, role) : can(grants, role, name)) return undefined;
  const limited = grants.filter((g) => g.role === role && g.prefix != null).map((g) => `${g.prefix}*`);
  if (limited.length === 0) {
    const yours = grants.map(grantText).join(", ") || "none";
    return `Needs the ${role} role; you have ${yours}.`;
  }
  const target = name === undefined ? "every task and DAG" : name;
  return `Needs ${role} on ${target}; yours covers ${limited.join(", ")} only.`;
}
