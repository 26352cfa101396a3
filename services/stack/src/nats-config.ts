#!/usr/bin/env node
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type NatsLogin, natsAuthorization, newPassword } from "./nats-auth.js";

/**
 * For operators: the nats-server `authorization` block and the credentials of
 * the control plane and of each runner id given, with new random passwords
 * (a runner given as `id=U...` logs in with that NKEY public key instead).
 *
 *   node services/stack/dist/nats-config.js [--prefix baton] [--control-plane-user control-plane]
 *     [--out DIR] runner-a runner-b=UABC...
 *
 * Without --out everything goes to stdout. With --out: DIR/auth.conf (the
 * block, for the server), DIR/control-plane.password and DIR/runners/<id>
 * (each runner's password, for NATS_PASSWORD_FILE), all mode 0600.
 */
const USAGE =
  "usage: nats-config [--prefix baton] [--control-plane-user control-plane] [--out DIR] <runner id>[=<NKEY public key>]...";

export interface NatsConfigPlan {
  prefix: string;
  controlPlane: { user: string; password: string };
  runners: ({ id: string } & NatsLogin)[];
}

/** What the command makes of its arguments (new passwords each time). */
export function planNatsConfig(argv: string[]): NatsConfigPlan & { out?: string } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prefix: { type: "string", default: "baton" },
      "control-plane-user": { type: "string", default: "control-plane" },
      out: { type: "string" },
    },
  });
  if (positionals.length === 0) throw new Error(`no runner ids given\n${USAGE}`);
  const runners = positionals.map((arg): { id: string } & NatsLogin => {
    const eq = arg.indexOf("=");
    if (eq >= 0) return { id: arg.slice(0, eq), nkey: arg.slice(eq + 1) };
    return { id: arg, user: arg, password: newPassword() };
  });
  return {
    prefix: values.prefix,
    controlPlane: { user: values["control-plane-user"], password: newPassword() },
    runners,
    ...(values.out ? { out: resolve(values.out) } : {}),
  };
}

/** The credentials as lines of VARIABLE=value, one process per line. */
export function credentialLines(plan: NatsConfigPlan): string[] {
  const lines = [`# control plane: NATS_USER=${plan.controlPlane.user} NATS_PASSWORD=${plan.controlPlane.password}`];
  for (const r of plan.runners) {
    lines.push(
      "nkey" in r
        ? `# runner ${r.id}: NATS_NKEY_SEED_FILE=<the file holding the seed of ${r.nkey}>`
        : `# runner ${r.id}: NATS_USER=${r.user} NATS_PASSWORD=${r.password}`,
    );
  }
  return lines;
}

function main(argv: string[]): void {
  let plan: ReturnType<typeof planNatsConfig>;
  let authorization: string;
  try {
    plan = planNatsConfig(argv);
    authorization = natsAuthorization(plan);
  } catch (err) {
    process.stderr.write(`nats-config: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (!plan.out) {
    process.stdout.write(`${authorization}\n# Credentials (secret): give each process its own.\n`);
    process.stdout.write(`${credentialLines(plan).join("\n")}\n`);
    return;
  }
  const secret = (path: string, text: string) => writeFileSync(path, text, { mode: 0o600, flag: "wx" });
  try {
    mkdirSync(join(plan.out, "runners"), { recursive: true, mode: 0o700 });
    secret(join(plan.out, "auth.conf"), authorization);
    secret(join(plan.out, "control-plane.password"), plan.controlPlane.password);
    for (const r of plan.runners) if (!("nkey" in r)) secret(join(plan.out, "runners", r.id), r.password);
  } catch (err) {
    process.stderr.write(`nats-config: ${(err as Error).message} (an existing file is never overwritten)\n`);
    process.exit(1);
  }
  process.stdout.write(
    [
      `Wrote ${join(plan.out, "auth.conf")} (for nats-server: include it, or pass it with -c),`,
      `${join(plan.out, "control-plane.password")} (the control plane's NATS_PASSWORD, user ${plan.controlPlane.user})`,
      `and ${join(plan.out, "runners")}/<runner id> (each runner's NATS_PASSWORD_FILE, user = its id).`,
      "",
    ].join("\n"),
  );
}

// Run as a command (node .../nats-config.js), not when imported by a test.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (invoked === realpathSync(fileURLToPath(import.meta.url))) main(process.argv.slice(2));
