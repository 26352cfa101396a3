/**
 * What the console and the API show of the run spec an execution was given
 * (its effective properties and environment), masked by the same rules as
 * the audit log and release diffs (definitions/mask.ts): a variable with a
 * secret name shows ***, an argument like --db.password=x shows
 * --db.password=***. Pure: the spec comes from the execution's row.
 */
import { isSecretName, MASK, maskSecrets } from "./definitions/mask.js";

export { MASK };

export interface EnvironmentEntry {
  name: string;
  /** The value, MASK when the name is a secret's, null for a secret reference (its value is never stored). */
  value: string | null;
  masked: boolean;
  /** "env:NAME", "file:/path" or "kubernetes:secret/key": where the runner reads the value. */
  secretReference: string | null;
}

export interface RunSpecView {
  uri: string;
  arguments: string[];
  environment: EnvironmentEntry[];
  timeoutSeconds: number | null;
  graceMs: number;
  cpu: number | null;
  memoryBytes: number | null;
  pullPolicy: string | null;
  /** The docker or kubernetes options, secret-named values masked. */
  platformOptions: Record<string, unknown> | null;
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

const positive = (value: unknown): number | null => (typeof value === "number" && value > 0 ? value : null);

/** The view of a stored spec; tolerant of older rows that lack a field. Variables sorted by name. */
export function runSpecView(spec: unknown): RunSpecView {
  const s = record(spec);
  const env: EnvironmentEntry[] = Object.entries(record(s.env)).map(([name, value]) =>
    isSecretName(name)
      ? { name, value: MASK, masked: true, secretReference: null }
      : { name, value: text(value), masked: false, secretReference: null },
  );
  const secrets: EnvironmentEntry[] = Object.entries(record(s.secrets)).map(([name, reference]) => ({
    name,
    value: null,
    masked: true,
    secretReference: text(reference),
  }));
  const platform = s.docker ?? s.kubernetes;
  return {
    uri: typeof s.uri === "string" ? s.uri : "",
    arguments: Array.isArray(s.arguments) ? (maskSecrets(s.arguments.map(text)) as string[]) : [],
    environment: [...env, ...secrets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    timeoutSeconds: positive(s.timeoutSeconds),
    graceMs: typeof s.graceMs === "number" ? s.graceMs : 5000,
    cpu: positive(s.cpu),
    memoryBytes: positive(s.memory),
    pullPolicy: typeof s.pullPolicy === "string" ? s.pullPolicy : null,
    platformOptions: platform === undefined ? null : record(maskSecrets(record(platform))),
  };
}
