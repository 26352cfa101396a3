import { z } from "zod";

/**
 * The step-line protocol: a task reports job and step progress by printing,
 * on stdout, a line that starts with STEP_LINE_MARKER followed by one JSON
 * object. Any other line is a log line. See ../PROTOCOL.md.
 */
export const STEP_LINE_MARKER = "::baton::";

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const stepStatus = z.enum(["STARTED", "COMPLETED", "FAILED", "STOPPED"]);
export type StepStatus = z.infer<typeof stepStatus>;

/** Counters are cumulative: the latest line wins, so a repeated line counts once. */
export const stepRecord = z.object({
  v: z.literal(1),
  type: z.literal("step"),
  step: z.string().min(1).max(200),
  status: stepStatus,
  read: count.optional(),
  write: count.optional(),
  commit: count.optional(),
  rollback: count.optional(),
  skip: count.optional(),
  filter: count.optional(),
  message: z.string().max(4000).optional(),
});

/** Opaque state a restarted execution receives back (see BATON_RESUME). */
export const checkpointRecord = z.object({
  v: z.literal(1),
  type: z.literal("checkpoint"),
  step: z.string().min(1).max(200),
  state: z.json(),
});

/** The exit message a DAG transition can match on (SCDF's exit status). */
export const exitMessageRecord = z.object({
  v: z.literal(1),
  type: z.literal("exit-message"),
  message: z.string().min(1).max(200),
});

export const stepLineRecord = z.discriminatedUnion("type", [stepRecord, checkpointRecord, exitMessageRecord]);
export type StepLineRecord = z.infer<typeof stepLineRecord>;
export type StepRecord = z.infer<typeof stepRecord>;

export type ParsedLine =
  | { kind: "log"; text: string }
  | { kind: "record"; record: StepLineRecord }
  | { kind: "invalid"; text: string; reason: string };

/** Classifies one stdout line (without its newline). */
export function parseStepLine(line: string): ParsedLine {
  if (!line.startsWith(STEP_LINE_MARKER)) return { kind: "log", text: line };
  let json: unknown;
  try {
    json = JSON.parse(line.slice(STEP_LINE_MARKER.length));
  } catch {
    return { kind: "invalid", text: line, reason: "the text after the marker is not JSON" };
  }
  const parsed = stepLineRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: "invalid",
      text: line,
      reason: `${issue?.path.join(".") || "record"}: ${issue?.message ?? "invalid"}`,
    };
  }
  return { kind: "record", record: parsed.data };
}

export function formatStepLine(record: StepLineRecord): string {
  return STEP_LINE_MARKER + JSON.stringify(record);
}
