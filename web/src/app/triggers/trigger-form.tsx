"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import type { CreateTriggerMutation as CreateResult, UpdateTriggerInput } from "@/generated/graphql";
import { useGraphQLUrl, useMutation } from "@/lib/client-graphql";
import { CreateTriggerMutation, UpdateTriggerMutation } from "@/lib/documents";
import { parseJsonObject } from "@/lib/format";
import { parseTarget, TargetSelect, targetValue } from "../schedules/target-select";
import { SecretOnce } from "./secret-once";
import { webhookUrl } from "./webhook";

type Created = CreateResult["createTrigger"];

/** A trigger as the edit form starts from. */
export interface TriggerValues {
  name: string;
  task?: string | null;
  dag?: string | null;
  subject?: string | null;
  arguments: readonly string[];
  properties: unknown;
  dedupKey?: string | null;
  dedupWindowSeconds?: number | null;
}

function hasKeys(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

/** Arguments typed one per line (templates hold spaces: "--date={{ .date }}"); empty lines dropped. */
function readLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * Defines a trigger (the answer's secret is shown here once, with the webhook
 * URL), or edits one: the name stays, only what changed is sent, and an
 * emptied subject or dedup key is removed.
 */
export function TriggerForm({
  mode = "create",
  tasks,
  dags,
  initial,
}: {
  mode?: "create" | "update";
  tasks: readonly string[];
  dags: readonly string[];
  initial?: TriggerValues;
}) {
  const router = useRouter();
  const url = useGraphQLUrl();
  const [target, setTarget] = useState(targetValue(initial?.task, initial?.dag) || targetValue(tasks[0], dags[0]));
  const [create, cs] = useMutation(CreateTriggerMutation);
  const [update, us] = useMutation(UpdateTriggerMutation);
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [secretShown, setSecretShown] = useState(true);
  const isTask = target.startsWith("task:");

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setLocalError(null);
    setNotice(null);
    const f = new FormData(e.currentTarget);
    let properties: Record<string, unknown> | undefined;
    try {
      properties = isTask ? parseJsonObject(String(f.get("properties") ?? ""), "Deployment properties") : undefined;
    } catch (err) {
      setLocalError((err as Error).message);
      return;
    }
    const subject = String(f.get("subject") ?? "").trim();
    const dedupKey = String(f.get("dedupKey") ?? "").trim();
    const window = String(f.get("dedupWindowSeconds") ?? "").trim();
    const args = readLines(String(f.get("arguments") ?? ""));
    if (mode === "create" || !initial) {
      const d = await create({
        input: {
          name: String(f.get("name") ?? "").trim(),
          ...parseTarget(target),
          enabled: f.get("enabled") === "on",
          ...(subject ? { subject } : {}),
          ...(args.length ? { arguments: args } : {}),
          ...(properties ? { properties } : {}),
          ...(dedupKey ? { dedupKey } : {}),
          ...(window ? { dedupWindowSeconds: Number(window) } : {}),
        },
      });
      if (d) {
        setCreated(d.createTrigger);
        setSecretShown(true);
      }
      return;
    }
    // Only what changed: the API keeps every field it is not given ("" removes a subject or dedup key).
    const input: UpdateTriggerInput = { name: initial.name };
    if (target !== targetValue(initial.task, initial.dag)) Object.assign(input, parseTarget(target));
    if (subject !== (initial.subject ?? "")) input.subject = subject;
    if (JSON.stringify(args) !== JSON.stringify(initial.arguments)) input.arguments = args;
    if (isTask && JSON.stringify(properties ?? {}) !== JSON.stringify(initial.properties ?? {}))
      input.properties = properties ?? {};
    if (!isTask && hasKeys(initial.properties)) input.properties = {};
    if (dedupKey !== (initial.dedupKey ?? "")) input.dedupKey = dedupKey;
    const windowSeconds = window ? Number(window) : null;
    if (windowSeconds !== (initial.dedupWindowSeconds ?? null)) input.dedupWindowSeconds = windowSeconds;
    if (Object.keys(input).length === 1) {
      setNotice("Nothing changed.");
      return;
    }
    const d = await update({ input });
    if (d) {
      router.push(`/triggers/${encodeURIComponent(d.updateTrigger.name)}`);
      router.refresh();
    }
  };

  const pending = cs.pending || us.pending;
  if (created) {
    const hook = webhookUrl(url, created.webhookPath);
    return (
      <section className="panel" data-testid="trigger-created">
        <h2>Trigger {created.name} is defined</h2>
        <dl className="facts">
          {created.subject ? (
            <>
              <dt>NATS subject</dt>
              <dd className="mono">{created.subject}</dd>
            </>
          ) : null}
          <dt>Webhook URL</dt>
          <dd className="mono" data-testid="webhook-url">
            {hook}
          </dd>
        </dl>
        {secretShown && created.secret ? (
          <SecretOnce secret={created.secret} url={hook} onDismiss={() => setSecretShown(false)} />
        ) : null}
        <p>
          <Link href={`/triggers/${encodeURIComponent(created.name)}`}>Open trigger {created.name}</Link> ·{" "}
          <Link href="/triggers">All triggers</Link>
        </p>
      </section>
    );
  }

  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label={mode === "create" ? "New trigger" : "Edit trigger"}>
      <div className="row" style={{ alignItems: "flex-end" }}>
        {mode === "create" ? (
          <label>
            Name
            <input type="text" name="name" required placeholder="orders-export" />
          </label>
        ) : null}
        <TargetSelect tasks={tasks} dags={dags} value={target} onChange={setTarget} />
      </div>
      <label>
        NATS subject (optional; every trigger also has a webhook)
        <input
          type="text"
          name="subject"
          defaultValue={initial?.subject ?? ""}
          placeholder="orders.export.requested"
          spellCheck={false}
        />
      </label>
      <label>
        Arguments (one per line; templates over the message's JSON)
        <textarea
          name="arguments"
          rows={3}
          defaultValue={(initial?.arguments ?? []).join("\n")}
          placeholder={"--order={{ .orderId }}\n--date={{ .date }}"}
        />
      </label>
      {isTask ? (
        <label>
          Deployment properties (JSON; string values may be templates)
          <textarea
            name="properties"
            defaultValue={hasKeys(initial?.properties) ? JSON.stringify(initial?.properties, null, 2) : ""}
            placeholder='{ "env": { "REQUEST": "{{ .requestId }}" } }'
          />
        </label>
      ) : null}
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label>
          Dedup key (template, optional)
          <input
            type="text"
            name="dedupKey"
            defaultValue={initial?.dedupKey ?? ""}
            placeholder="{{ .requestId }}"
            spellCheck={false}
          />
        </label>
        <label>
          Dedup window (seconds)
          <input
            type="number"
            name="dedupWindowSeconds"
            min={1}
            defaultValue={initial?.dedupWindowSeconds ?? ""}
            placeholder="while its run is active"
          />
        </label>
      </div>
      {mode === "create" ? (
        <label className="inline">
          <input type="checkbox" name="enabled" defaultChecked />
          Enabled
        </label>
      ) : null}
      <div className="row">
        {mode === "create" ? (
          <button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create trigger"}
          </button>
        ) : (
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save changes"}
          </button>
        )}
        {notice ? (
          <span className="notice" role="status">
            {notice}
          </span>
        ) : null}
      </div>
      <ErrorMessage error={localError ?? cs.error ?? us.error} />
    </form>
  );
}
