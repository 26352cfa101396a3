"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { DagGraph } from "@/components/dag-graph";
import { ErrorMessage } from "@/components/feedback";
import type { ParseDagQuery as ParseResult } from "@/generated/graphql";
import { browserRequest, useGraphQLUrl, useMutation } from "@/lib/client-graphql";
import { CreateDagMutation, ParseDagQuery, UpdateDagMutation } from "@/lib/documents";

type Parsed = ParseResult["parseDag"];

/** Checks the definition as you type (parseDag, debounced) and previews the graph before saving. */
export function DagEditor({
  mode,
  name: fixedName,
  definition: initialDefinition = "",
  maxParallel: initialMax,
}: {
  mode: "create" | "update";
  name?: string;
  definition?: string;
  maxParallel?: number | null;
}) {
  const router = useRouter();
  const url = useGraphQLUrl();
  const [definition, setDefinition] = useState(initialDefinition);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [checking, setChecking] = useState(false);
  const [parseError, setParseError] = useState<string | null>(null);
  const [create, cs] = useMutation(CreateDagMutation);
  const [update, us] = useMutation(UpdateDagMutation);

  useEffect(() => {
    if (!definition.trim()) {
      setParsed(null);
      return;
    }
    let live = true;
    setChecking(true);
    const t = setTimeout(() => {
      browserRequest(url, ParseDagQuery, { definition })
        .then((d) => {
          if (!live) return;
          setParsed(d.parseDag);
          setParseError(null);
        })
        .catch((err: Error) => live && setParseError(err.message))
        .finally(() => live && setChecking(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [url, definition]);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const max = String(f.get("maxParallel") ?? "").trim();
    const input = {
      name: fixedName ?? String(f.get("name") ?? "").trim(),
      definition,
      ...(max ? { maxParallel: Number(max) } : {}),
    };
    if (mode === "create") {
      const d = await create({ input });
      if (d) router.push(`/dags/${encodeURIComponent(d.createDag.name)}`);
    } else {
      const d = await update({ input });
      if (d) router.refresh();
    }
  };
  const pending = cs.pending || us.pending;
  return (
    <form className="panel" onSubmit={onSubmit} aria-label={mode === "create" ? "New DAG" : "Edit DAG"}>
      <div className="row" style={{ alignItems: "flex-end" }}>
        {mode === "create" ? (
          <label>
            Name
            <input type="text" name="name" required placeholder="nightly" />
          </label>
        ) : null}
        <label>
          Max parallel nodes
          <input type="number" name="maxParallel" min={1} defaultValue={initialMax ?? ""} placeholder="unbounded" />
        </label>
      </div>
      <label style={{ marginTop: 10 }}>
        Definition (Spring Cloud Data Flow's composed-task DSL)
        <textarea
          name="definition"
          value={definition}
          onChange={(e) => setDefinition(e.target.value)}
          placeholder="extract && <report || export> && notify"
          rows={4}
          spellCheck={false}
          aria-describedby="dag-check"
        />
      </label>
      <div id="dag-check" role="status" data-testid="dag-check" style={{ minHeight: 24, margin: "6px 0" }}>
        {!definition.trim() ? (
          <span className="muted">
            Write tasks joined by <code>&amp;&amp;</code> (sequence), <code>&lt;a || b&gt;</code> (parallel) or{" "}
            <code>a 'FAILED'-&gt;b</code> (transition).
          </span>
        ) : checking && !parsed ? (
          <span className="muted">Checking…</span>
        ) : parsed?.ok ? (
          <span className="notice">
            Valid: {parsed.nodes.length} node{parsed.nodes.length === 1 ? "" : "s"}, {parsed.edges.length} edge
            {parsed.edges.length === 1 ? "" : "s"}.
          </span>
        ) : parsed ? (
          <ul className="error" style={{ margin: 0, paddingLeft: 24 }}>
            {parsed.errors.map((err) => (
              <li key={`${err.line}:${err.column}:${err.message}`}>
                line {err.line}, column {err.column}: {err.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <ErrorMessage error={parseError} />
      {parsed?.ok && parsed.nodes.length ? (
        <DagGraph nodes={parsed.nodes} edges={parsed.edges} small />
      ) : (
        <div className="graph small empty" style={{ alignContent: "center" }}>
          The graph appears here once the definition is valid.
        </div>
      )}
      <div className="row" style={{ marginTop: 12 }}>
        <button type="submit" disabled={pending || !parsed?.ok}>
          {pending ? "Saving…" : mode === "create" ? "Create DAG" : "Save as new version"}
        </button>
      </div>
      <ErrorMessage error={cs.error ?? us.error} />
    </form>
  );
}
