import type { TestEnv } from "./env.js";
import type { GraphQLClient } from "./graphql.js";

type TestSqlQuery = TestEnv["sql"];

export const EXECUTION_FIELDS = `id status releaseRevision arguments exitCode exitMessage errorMessage runnerId
  queuedAt startedAt endedAt task { name }
  steps { name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt }`;

export const EVENTS_SUBSCRIPTION = `subscription($id: ID!, $replay: Boolean) {
  executionEvents(executionId: $id, replay: $replay) {
    executionId seq kind status cause at
    log { seq stream text at }
    step { name status readCount writeCount commitCount rollbackCount skipCount filterCount }
  }
}`;

export interface EventShape {
  executionId: string;
  seq: number;
  kind: string;
  status: string | null;
  cause: string | null;
  log: { seq: number; stream: string; text: string } | null;
  step: { name: string; status: string; readCount: number; writeCount: number } | null;
}

export interface ExecutionShape {
  id: string;
  status: string;
  releaseRevision: number;
  arguments: string[];
  exitCode: number | null;
  exitMessage: string | null;
  errorMessage: string | null;
  runnerId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  steps: { name: string; status: string; readCount: number; writeCount: number; commitCount: number }[];
}

/** registerApp + createTask in one go. */
export async function defineTask(
  api: GraphQLClient,
  name: string,
  uri: string,
  extra: { properties?: unknown; arguments?: string[] } = {},
): Promise<void> {
  await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
    i: { name: `${name}-app`, version: "1.0.0", uri },
  });
  await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
    i: { name, app: `${name}-app`, ...extra },
  });
}

export async function launch(
  api: GraphQLClient,
  task: string,
  input: { arguments?: string[]; properties?: unknown; idempotencyKey?: string } = {},
): Promise<ExecutionShape> {
  const data = await api.ok<{ launchTask: ExecutionShape }>(
    `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { ${EXECUTION_FIELDS} } }`,
    { i: { task, ...input } },
  );
  return data.launchTask;
}

/** Every event of the execution, replayed then live, until the terminal status. */
export async function allEvents(api: GraphQLClient, id: string, timeoutMs = 30_000): Promise<EventShape[]> {
  const payloads = await api.collect<{ executionEvents: EventShape }>(
    EVENTS_SUBSCRIPTION,
    { id, replay: true },
    { timeoutMs },
  );
  const errors = payloads.flatMap((p) => p.errors ?? []);
  if (errors.length) throw new Error(`subscription errors: ${JSON.stringify(errors)}`);
  return payloads.map((p) => p.data?.executionEvents as EventShape);
}

export async function getExecution(api: GraphQLClient, id: string): Promise<ExecutionShape> {
  const data = await api.ok<{ execution: ExecutionShape }>(
    `query($id: ID!) { execution(id: $id) { ${EXECUTION_FIELDS} } }`,
    { id },
  );
  return data.execution;
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until the execution's status is one of `wanted`: the execution then. */
export const untilStatus = (api: GraphQLClient, id: string, wanted: string[], timeoutMs = 60_000) =>
  waitFor(
    `execution ${id} to be ${wanted.join(" or ")}`,
    async () => {
      const e = await getExecution(api, id);
      return wanted.includes(e.status) ? e : undefined;
    },
    timeoutMs,
  );

/** The text of the events' log lines of one stream, in order. */
export const logLines = (events: EventShape[], stream: string): string[] =>
  events.filter((e) => e.log?.stream === stream).map((e) => e.log?.text as string);

/** The executions.stdoutLines counter (lines ingested), for waiting on a run's output without a subscription. */
export async function ingestedLines(sql: TestSqlQuery, id: string): Promise<number> {
  const rows = await sql<{ n: number }>(`SELECT "stdoutLines" AS n FROM executions WHERE id = $1`, [id]);
  return rows[0]?.n ?? 0;
}

export const statuses = (events: EventShape[]): string[] =>
  events.filter((e) => e.kind === "STATUS").map((e) => e.status as string);
