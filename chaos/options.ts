/** The chaos suite's knobs, from flags (`--runs 500`) or the environment (`CHAOS_RUNS=500`). */

export const FAULT_KINDS = ["runner", "control-plane", "nats", "postgres"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosOptions {
  runs: number;
  /** Launches per second. */
  rate: number;
  seed: number;
  faults: FaultKind[];
  /** How many kills of each fault kind. */
  killsPerKind: number;
  /** Downtime before a killed process is started again, ms. */
  downMs: [number, number];
  /** How long each run's program sleeps, ms. */
  taskMs: [number, number];
  controlPlanes: number;
  runners: number;
  runnerCapacity: number;
  heartbeatMs: number;
  lostAfterMs: number;
  /** How long one intended run keeps retrying its launch. */
  launchDeadlineMs: number;
  /** How long to wait, after the last launch and fault, for every accepted run to end. */
  settleMs: number;
  /** Keep the temp folder (logs, ledger, data) for a look afterwards. */
  keep: boolean;
  /** Faults fall at random moments in this part of the launch window (fractions of it). */
  faultSpan: [number, number];
}

export const DEFAULTS: ChaosOptions = {
  runs: 500,
  rate: 10,
  seed: 0,
  faults: [...FAULT_KINDS],
  killsPerKind: 2,
  downMs: [300, 2000],
  taskMs: [50, 800],
  controlPlanes: 2,
  runners: 2,
  runnerCapacity: 4,
  heartbeatMs: 500,
  lostAfterMs: 5000,
  launchDeadlineMs: 60_000,
  settleMs: 90_000,
  keep: false,
  faultSpan: [0.1, 0.9],
};

const USAGE = `npm run chaos -- [--runs N] [--rate PER_SECOND] [--seed N] [--faults runner,control-plane,nats,postgres]
                     [--kills-per-kind N] [--keep]
  (or CHAOS_RUNS, CHAOS_RATE, CHAOS_SEED, CHAOS_FAULTS, CHAOS_KILLS_PER_KIND, CHAOS_KEEP=1)`;

function positive(name: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${name} must be a positive ${integer ? "integer" : "number"}, got "${raw}"\n${USAGE}`);
  return n;
}

function faults(raw: string): FaultKind[] {
  if (raw.trim() === "" || raw === "none") return [];
  const list = raw.split(",").map((s) => s.trim());
  for (const f of list)
    if (!(FAULT_KINDS as readonly string[]).includes(f))
      throw new Error(`unknown fault "${f}"; one of ${FAULT_KINDS.join(", ")} (or "none")\n${USAGE}`);
  return list as FaultKind[];
}

/** Flags win over the environment, which wins over the defaults; an unknown flag is an error. */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  defaults: ChaosOptions = DEFAULTS,
): ChaosOptions {
  const values: Record<string, string> = {};
  for (const [name, variable] of [
    ["runs", "CHAOS_RUNS"],
    ["rate", "CHAOS_RATE"],
    ["seed", "CHAOS_SEED"],
    ["faults", "CHAOS_FAULTS"],
    ["kills-per-kind", "CHAOS_KILLS_PER_KIND"],
    ["keep", "CHAOS_KEEP"],
  ] as const) {
    const v = env[variable];
    if (v !== undefined && v !== "") values[name] = v;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const name = m[1] as string;
    if (name === "help") throw new Error(USAGE);
    if (name === "keep") {
      values.keep = "1";
      continue;
    }
    if (!["runs", "rate", "seed", "faults", "kills-per-kind"].includes(name))
      throw new Error(`unknown option --${name}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value\n${USAGE}`);
    values[name] = value;
  }
  const options = { ...defaults, faults: [...defaults.faults] };
  if (values.runs !== undefined) options.runs = positive("runs", values.runs, true);
  if (values.rate !== undefined) options.rate = positive("rate", values.rate, false);
  if (values["kills-per-kind"] !== undefined)
    options.killsPerKind = positive("kills-per-kind", values["kills-per-kind"], true);
  if (values.faults !== undefined) options.faults = faults(values.faults);
  if (values.keep !== undefined) options.keep = values.keep !== "0" && values.keep !== "false";
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new Error(`seed must be an integer from 0 to 4294967295, got "${values.seed}"\n${USAGE}`);
    options.seed = seed;
  } else if (defaults.seed === 0) {
    options.seed = Math.floor(Math.random() * 0xffffffff) + 1;
  }
  return options;
}

/** mulberry32: a small seeded PRNG, so a seed replays the same launches and the same fault schedule. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
