import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Time } from "@/components/time";
import type { QueueQuery } from "@/generated/graphql";
import { QueueQuery as QueueDocument } from "@/lib/documents";
import { formatDuration } from "@/lib/format";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "Queue" };

/** The queued runs listed below the summaries. */
const FIRST = 50;

type Queue = QueueQuery["queue"];
type QueuedRun = QueueQuery["executions"]["edges"][number]["node"];

export default async function QueuePage() {
  const r = await serverQuery(QueueDocument, { first: FIRST });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { queue, executions } = r.data;
  const runs = executions.edges.map((e) => e.node);
  return (
    <>
      <AutoRefresh seconds={5} />
      <h1>Queue</h1>
      {queue.pools.length === 0 ? (
        <section className="panel">
          <EmptyState title="Nothing is waiting">
            Runs wait here while no runner of their pool has a free slot, enough CPU or memory, or a limit holds them.
            See <Link href="/runners">Runners</Link> for what each runner offers.
          </EmptyState>
        </section>
      ) : (
        <>
          <section className="panel">
            <h2>Per pool</h2>
            <PoolTable pools={queue.pools} />
          </section>
          <section className="panel">
            <h2>Per task</h2>
            <TaskTable tasks={queue.tasks} />
          </section>
        </>
      )}
      <section className="panel">
        <h2>Queued runs{runs.length >= FIRST ? ` (the first ${FIRST})` : ""}</h2>
        {runs.length === 0 ? <p className="muted">No run is queued.</p> : <QueuedRuns runs={runs} />}
      </section>
    </>
  );
}

function Reason({ reason }: { reason: string | null | undefined }) {
  return reason ? <span data-testid="blocking-reason">{reason}</span> : <span className="muted">–</span>;
}

function Wait({ seconds }: { seconds: number }) {
  return <span data-testid="oldest-wait">{formatDuration(seconds * 1000)}</span>;
}

function PoolTable({ pools }: { pools: Queue["pools"] }) {
  return (
    <table data-testid="queue-pools">
      <thead>
        <tr>
          <th>Pool</th>
          <th className="num">Queued</th>
          <th className="num">Running</th>
          <th className="num">Limit</th>
          <th>Oldest wait</th>
          <th>Why it waits</th>
        </tr>
      </thead>
      <tbody>
        {pools.map((p) => (
          <tr key={p.pool} data-pool={p.pool}>
            <td>{p.pool}</td>
            <td className="num">{p.queued}</td>
            <td className="num">{p.running}</td>
            <td className="num">{p.maxConcurrent ?? <span className="muted">none</span>}</td>
            <td>
              <Wait seconds={p.oldestWaitSeconds} />
            </td>
            <td>
              <Reason reason={p.blockingReason} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TaskTable({ tasks }: { tasks: Queue["tasks"] }) {
  return (
    <table data-testid="queue-tasks">
      <thead>
        <tr>
          <th>Task</th>
          <th>Pool</th>
          <th className="num">Queued</th>
          <th className="num">Running</th>
          <th>Oldest wait</th>
          <th>Why it waits</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={`${t.pool}/${t.task}`} data-task={t.task} data-pool={t.pool}>
            <td>
              <Link href={`/tasks/${encodeURIComponent(t.task)}`}>{t.task}</Link>
            </td>
            <td>{t.pool}</td>
            <td className="num">{t.queued}</td>
            <td className="num">{t.running}</td>
            <td>
              <Wait seconds={t.oldestWaitSeconds} />
            </td>
            <td>
              <Reason reason={t.blockingReason} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QueuedRuns({ runs }: { runs: readonly QueuedRun[] }) {
  // In line order: position within the pool, then pool.
  const sorted = [...runs].sort(
    (a, b) =>
      a.pool.localeCompare(b.pool) ||
      (a.queuePosition ?? Number.MAX_SAFE_INTEGER) - (b.queuePosition ?? Number.MAX_SAFE_INTEGER),
  );
  return (
    <table data-testid="queued-runs">
      <thead>
        <tr>
          <th className="num">Position</th>
          <th>Execution</th>
          <th>Task</th>
          <th>Pool</th>
          <th className="num">Priority</th>
          <th>Why it waits</th>
          <th>Queued</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((x) => (
          <tr key={x.id} data-execution-id={x.id}>
            <td className="num" data-testid="queue-position">
              {x.queuePosition ?? "–"}
            </td>
            <td>
              <Link href={`/executions/${x.id}`} className="mono">
                {x.id.slice(0, 8)}
              </Link>
            </td>
            <td>
              <Link href={`/tasks/${encodeURIComponent(x.task.name)}`}>{x.task.name}</Link>
            </td>
            <td>{x.pool}</td>
            <td className="num">{x.priority}</td>
            <td>
              <span data-testid="wait-reason">{x.waitReason ?? "–"}</span>
              {x.notBefore && Date.parse(x.notBefore) > Date.now() ? (
                <div className="muted">
                  retry not before <Time iso={x.notBefore} compact />
                </div>
              ) : null}
              {x.expiresAt ? (
                <div className="muted">
                  expires <Time iso={x.expiresAt} compact />
                </div>
              ) : null}
            </td>
            <td>
              <Time iso={x.queuedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
