/** "task:NAME" or "dag:NAME": what a schedule or trigger starts. */
export type TargetValue = string;

export function targetValue(task: string | null | undefined, dag: string | null | undefined): TargetValue {
  return task ? `task:${task}` : dag ? `dag:${dag}` : "";
}

/** { task } or { dag } from a "task:NAME" / "dag:NAME" value; {} when nothing is chosen. */
export function parseTarget(value: string): { task?: string; dag?: string } {
  if (value.startsWith("task:")) return { task: value.slice(5) };
  if (value.startsWith("dag:")) return { dag: value.slice(4) };
  return {};
}

/** One select for a task or a DAG, grouped. */
export function TargetSelect({
  tasks,
  dags,
  value,
  onChange,
}: {
  tasks: readonly string[];
  dags: readonly string[];
  value: TargetValue;
  onChange: (value: TargetValue) => void;
}) {
  return (
    <label>
      Starts
      <select name="target" value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="" disabled>
          a task or a DAG…
        </option>
        {tasks.length ? (
          <optgroup label="Tasks">
            {tasks.map((t) => (
              <option key={`task:${t}`} value={`task:${t}`}>
                task {t}
              </option>
            ))}
          </optgroup>
        ) : null}
        {dags.length ? (
          <optgroup label="DAGs">
            {dags.map((d) => (
              <option key={`dag:${d}`} value={`dag:${d}`}>
                DAG {d}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
}
