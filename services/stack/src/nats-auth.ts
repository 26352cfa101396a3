import { randomBytes } from "node:crypto";
import { subjects } from "@baton/proto";

/** A NATS login: a user and its password, or an NKEY's public key ("U..."). */
export type NatsLogin = { user: string; password: string } | { nkey: string };

export interface NatsAuthorizationInput {
  /** BATON_NATS_PREFIX of the installation. */
  prefix: string;
  /** The control plane's login (shared by every instance): no limits. */
  controlPlane: NatsLogin;
  /** One login per runner id, limited to that runner's subjects. */
  runners: ({ id: string } & NatsLogin)[];
}

/** A new random password: 32 bytes, base64url (no quoting trouble anywhere). */
export function newPassword(): string {
  return randomBytes(32).toString("base64url");
}

const USER = /^[A-Za-z0-9_.@-]{1,128}$/;
const NKEY_USER = /^U[A-Z2-7]{55}$/;

/** A double-quoted string in nats-server's config syntax. */
function quoted(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error("a NATS user or password cannot hold a line break");
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const list = (subjects: string[]): string => `[${subjects.map(quoted).join(", ")}]`;

/** The login part of one users entry, checked. */
function login(l: NatsLogin, what: string): { key: string; text: string } {
  if ("nkey" in l) {
    if (!NKEY_USER.test(l.nkey)) throw new Error(`${what}: "${l.nkey}" is not an NKEY user public key (U...)`);
    return { key: l.nkey, text: `nkey: ${quoted(l.nkey)}` };
  }
  if (!USER.test(l.user)) throw new Error(`${what}: NATS user "${l.user}" must be 1-128 letters, digits, "_.@-"`);
  if (l.password.length < 8) throw new Error(`${what}: the password of NATS user "${l.user}" is shorter than 8`);
  return { key: l.user, text: `user: ${quoted(l.user)}, password: ${quoted(l.password)}` };
}

/**
 * nats-server's `authorization` block for one Baton installation: the control
 * plane may do everything; each runner may publish only its own events,
 * claims, recover requests and heartbeats (and answer the run offers sent to
 * it), and subscribe only to its own run and cancel subjects and its inbox
 * (`Subjects.runnerPermissions`). Pure: the same input gives the same text.
 */
export function natsAuthorization(input: NatsAuthorizationInput): string {
  const s = subjects(input.prefix);
  const seen = new Set<string>();
  const entry = (l: NatsLogin, what: string): string => {
    const { key, text } = login(l, what);
    if (seen.has(key)) throw new Error(`${what}: NATS user ${key} is listed twice`);
    seen.add(key);
    return text;
  };
  const lines = [
    `# Baton (prefix ${input.prefix}): one NATS user per runner, limited to its own subjects.`,
    "# Generated; keep this file secret (it holds passwords).",
    "authorization {",
    "  users = [",
    `    # the control plane: no limits`,
    `    { ${entry(input.controlPlane, "control plane")} }`,
  ];
  const runnerIds = new Set<string>();
  for (const r of input.runners) {
    if (runnerIds.has(r.id)) throw new Error(`runner ${r.id} is listed twice`);
    runnerIds.add(r.id);
    const p = s.runnerPermissions(r.id); // checks the id is a subject token
    lines.push(
      `    # runner ${r.id}`,
      `    { ${entry(r, `runner ${r.id}`)}, permissions: {`,
      `        publish: { allow: ${list(p.publish)} }`,
      `        subscribe: { allow: ${list(p.subscribe)} }`,
      "        # answers to the run offers sent to it",
      "        allow_responses: true",
      "    } }",
    );
  }
  lines.push("  ]", "}", "");
  return lines.join("\n");
}
