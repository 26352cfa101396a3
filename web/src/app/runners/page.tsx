import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import type { RunnerRowFragment } from "@/generated/graphql";
import { RunnersQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { labelPairs } from "./labels";
import { PoolLimits } from "./pool-limits";
import { RunnerActions } from "./runner-actions";
import { RunnerStateBadge } from "./runner-state";

export const metadata = { title: "Runners" };

export default async function RunnersPage() {
  const r = await serverQuery(RunnersQuery);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { runners, pools } = r.data;
  // Online first (by pool, then id), offline ones last.
  const sorted = [...runners].sort(
    (a, b) =>
      Number(a.state === "OFFLINE") - Number(b.state === "OFFLINE") ||
      a.pool.localeCompare(b.pool) ||
      a.id.localeCompare(b.id),
  );
  const known = [...new Set([...runners.map((x) => x.pool), ...pools.map((p) => p.name)])].sort();
  return (
    <>
      <AutoRefresh seconds={5} />
      <h1>Runners</h1>
      <section className="panel">
        {sorted.length === 0 ? (
          <EmptyState title="No runner has ever connected">
            Runs stay queued until a runner starts: <code>npm start</code> starts one.
          </EmptyState>
        ) : (
          <RunnersTable runners={sorted} />
        )}
      </section>
      <section className="panel">
        <h2>Pool limits</h2>
        <p className="muted" style={{ marginTop: 0 }}>
          At most this many runs of a pool at once, whatever slots its runners have. The rest wait QUEUED.
        </p>
        <Guarded needs="MANAGE">
          <PoolLimits pools={pools} known={known} />
        </Guarded>
      </section>
    </>
  );
}

function RunnersTable({ runners }: { runners: readonly RunnerRowFragment[] }) {
  return (
    <table data-testid="runners">
      <thead>
        <tr>
          <th>Runner</th>
          <th>State</th>
          <th>Pool</th>
          <th>Platform</th>
          <th>Labels</th>
          <th className="num">Slots</th>
          <th className="num">CPU</th>
          <th className="num">Memory</th>
          <th>Version</th>
          <th>Last heartbeat</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runners.map((x) => (
          <RunnerRow key={x.id} runner={x} />
        ))}
      </tbody>
    </table>
  );
}

function RunnerRow({ runner: x }: { runner: RunnerRowFragment }) {
  const offline = x.state === "OFFLINE";
  const labels = labelPairs(x.labels);
  return (
    <tr data-runner={x.id} data-state={x.state} style={offline ? { opacity: 0.55 } : undefined}>
      <td>
        <span className="mono">{x.id}</span>
        <div className="muted">{x.hostname}</div>
      </td>
      <td>
        <RunnerStateBadge state={x.state} />
        {x.drainingAt ? (
          <div className="muted">
            draining since <Time iso={x.drainingAt} compact />
          </div>
        ) : null}
      </td>
      <td>{x.pool}</td>
      <td>{x.platform}</td>
      <td className="mono">{labels.length ? labels.join(", ") : <span className="muted">none</span>}</td>
      <td className="num" data-testid="runner-slots">
        {x.slotsInUse} / {x.capacity}
        <meter min={0} max={x.capacity} value={x.slotsInUse} style={{ display: "block", width: "100%" }} />
      </td>
      <td className="num" data-testid="runner-cpu">
        {x.cpuFree} free of {x.cpu}
      </td>
      <td className="num" data-testid="runner-memory">
        {x.memoryFree} free of {x.memory}
      </td>
      <td>{x.version ?? <span className="muted">–</span>}</td>
      <td>
        <Time iso={x.lastHeartbeatAt} compact />
      </td>
      <td>
        <Guarded needs="MANAGE" compact>
          <RunnerActions id={x.id} draining={x.drainingAt !== null && x.drainingAt !== undefined} />
        </Guarded>
      </td>
    </tr>
  );
}
