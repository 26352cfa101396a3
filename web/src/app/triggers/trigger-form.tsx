"use client";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import type { CreateTriggerMutation as CreateResult } from "@/generated/graphql";
import { useGraphQLUrl, useMutation } from "@/lib/client-graphql";
import { CreateTriggerMutation } from "@/lib/documents";
import { parseJsonObject } from "@/lib/format";
import { parseTarget, TargetSelect, targetValue } from "../schedules/target-select";
import { SecretOnce } from "./secret-once";
import { webhookUrl } from "./webhook";

type Created = CreateResult["createTrigger"];

/** Arguments typed one per line (templates hold spaces: "--date={{ .date }}"); empty lines dropped. */
function readLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Defines a trigger; the answer's secret is shown here once, with the webhook URL. */
export function TriggerForm({ tasks, dags }: { tasks: readonly string[]; dags: readonly string[] }) {
  const url = useGraphQLUrl();
  const [target, setTarget] = useState(targetValue(tasks[0], dags[0]));
  const [create, { pending, error }] = useMutation(CreateTriggerMutation);
  const [localError, setLocalError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [secretShown, setSecretShown] = useState(true);
  const isTask = target.startsWith("task:");

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setLocalError(null);
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
  };

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
    <form className="panel stack" onSubmit={onSubmit} aria-label="New trigger">
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label>
          Name
          <input type="text" name="name" required placeholder="orders-export" />
        </label>
        <TargetSelect tasks={tasks} dags={dags} value={target} onChange={setTarget} />
      </div>
      <label>
        NATS subject (optional; every trigger also has a webhook)
        <input type="text" name="subject" placeholder="orders.export.requested" spellCheck={false} />
      </label>
      <label>
        Arguments (one per line; templates over the message's JSON)
        <textarea name="arguments" rows={3} placeholder={"--order={{ .orderId }}\n--date={{ .date }}"} />
      </label>
      {isTask ? (
        <label>
          Deployment properties (JSON; string values may be templates)
          <textarea name="properties" placeholder='{ "env": { "REQUEST": "{{ .requestId }}" } }' />
        </label>
      ) : null}
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label>
          Dedup key (template, optional)
          <input type="text" name="dedupKey" placeholder="{{ .requestId }}" spellCheck={false} />
        </label>
        <label>
          Dedup window (seconds)
          <input type="number" name="dedupWindowSeconds" min={1} placeholder="while its run is active" />
        </label>
      </div>
      <label className="inline">
        <input type="checkbox" name="enabled" defaultChecked />
        Enabled
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create trigger"}
        </button>
      </div>
      <ErrorMessage error={localError ?? error} />
    </form>
  );
}
