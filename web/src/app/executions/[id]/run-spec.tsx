import type { ExecutionQuery as ExecutionResult } from "@/generated/graphql";
import { shellQuote } from "@/lib/format";

type Spec = NonNullable<ExecutionResult["execution"]>["runSpec"];

/** What the run was given to start: its effective settings and environment, credentials masked. */
export function RunSpecPanel({ spec }: { spec: Spec }) {
  return (
    <section className="panel" data-testid="run-spec">
      <h2>What it was given</h2>
      <dl className="facts">
        <dt>Program</dt>
        <dd className="mono">{spec.uri}</dd>
        <dt>Command line</dt>
        <dd className="mono">{spec.arguments.length ? shellQuote(spec.arguments) : "no arguments"}</dd>
        <dt>Timeout</dt>
        <dd>{spec.timeoutSeconds ? `${spec.timeoutSeconds} s` : "none"}</dd>
        <dt>Grace on cancel</dt>
        <dd>{spec.graceMs} ms</dd>
        <dt>CPU / memory limit</dt>
        <dd>
          {spec.cpu ?? "–"} / {spec.memory ?? "–"}
        </dd>
        {spec.pullPolicy ? (
          <>
            <dt>Pull policy</dt>
            <dd>{spec.pullPolicy}</dd>
          </>
        ) : null}
        {spec.platformOptions ? (
          <>
            <dt>Platform options</dt>
            <dd className="mono">{JSON.stringify(spec.platformOptions)}</dd>
          </>
        ) : null}
      </dl>
      <h3>Environment</h3>
      {spec.environment.length === 0 ? (
        <p className="muted">No variables beside the runner's own.</p>
      ) : (
        <table data-testid="run-environment">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {spec.environment.map((v) => (
              <tr key={v.name} data-env={v.name}>
                <td className="mono">{v.name}</td>
                <td className="mono">
                  {v.secretReference ? <span className="muted">secret from {v.secretReference}</span> : v.value}
                  {v.masked && !v.secretReference ? <span className="muted"> (masked)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
