"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import type { PreviewCronQuery as PreviewResult, UpdateScheduleInput } from "@/generated/graphql";
import { browserRequest, useGraphQLUrl, useMutation } from "@/lib/client-graphql";
import { CreateScheduleMutation, PreviewCronQuery, UpdateScheduleMutation } from "@/lib/documents";
import { parseJsonObject, splitArguments } from "@/lib/format";
import { parseTarget, TargetSelect, targetValue } from "./target-select";
import { isoToLocalInput, localInputToIso } from "./zoned";
import { useBrowserZone, ZonedTime } from "./zoned-time";

type Preview = PreviewResult["previewCron"];

/** A schedule as the edit form starts from. */
export interface ScheduleValues {
  name: string;
  task?: string | null;
  dag?: string | null;
  cron: string;
  timezone: string;
  arguments: readonly string[];
  properties: unknown;
  enabled: boolean;
  startAt?: string | null;
  endAt?: string | null;
  overlap: string;
  misfire: string;
}

const OVERLAP: readonly [string, string][] = [
  ["ALLOW", "Allow: start a run even while the previous one is active"],
  ["SKIP", "Skip: start nothing while the previous run is active"],
  ["QUEUE", "Queue: start when the previous run ends"],
];

const MISFIRE: readonly [string, string][] = [
  ["RUN_ONCE", "Run once for all the fire times missed"],
  ["SKIP", "Skip the missed fire times"],
  ["RUN_ALL", "Run every missed fire time (capped)"],
];

/** Arguments back into one line that splitArguments reads the same way. */
function joinArguments(args: readonly string[]): string {
  return args.map((a) => (a === "" || /[\s"']/.test(a) ? (a.includes('"') ? `'${a}'` : `"${a}"`) : a)).join(" ");
}

function hasKeys(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

/** Same instant to the second (datetime-local inputs carry seconds at most). */
function sameTime(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

/**
 * Create or edit a schedule. The cron is checked as you type (previewCron,
 * debounced): the error, or the cron in words and its next five fire times in
 * the schedule's zone and yours. Saving is possible once the check passed.
 */
export function ScheduleForm({
  mode,
  tasks,
  dags,
  initial,
}: {
  mode: "create" | "update";
  tasks: readonly string[];
  dags: readonly string[];
  initial?: ScheduleValues;
}) {
  const router = useRouter();
  const url = useGraphQLUrl();
  const localZone = useBrowserZone();
  const [cron, setCron] = useState(initial?.cron ?? "");
  const [timezone, setTimezone] = useState(initial?.timezone ?? "UTC");
  const [target, setTarget] = useState(targetValue(initial?.task, initial?.dag) || targetValue(tasks[0], dags[0]));
  const [preview, setPreview] = useState<{ key: string; result: Preview } | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [zones, setZones] = useState<readonly string[]>([]);
  // datetime-local shows the browser's zone: fill the bounds after hydration.
  const [startAt, setStartAt] = useState("");
  const [endAt, setEndAt] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [create, cs] = useMutation(CreateScheduleMutation);
  const [update, us] = useMutation(UpdateScheduleMutation);

  useEffect(() => {
    setStartAt(isoToLocalInput(initial?.startAt));
    setEndAt(isoToLocalInput(initial?.endAt));
  }, [initial?.startAt, initial?.endAt]);
  useEffect(() => {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
    setZones(supported ? ["UTC", ...supported("timeZone")] : ["UTC"]);
  }, []);

  const key = `${cron}\u0000${timezone}`;
  useEffect(() => {
    if (!cron.trim()) {
      setPreview(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      browserRequest(url, PreviewCronQuery, { cron, timezone: timezone.trim() || null })
        .then((d) => {
          if (!live) return;
          setPreview({ key: `${cron}\u0000${timezone}`, result: d.previewCron });
          setCheckError(null);
        })
        .catch((err: Error) => live && setCheckError(err.message));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [url, cron, timezone]);

  const current = preview?.key === key ? preview.result : null;
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
    const startIso = localInputToIso(startAt);
    const endIso = localInputToIso(endAt);
    if ((startAt && !startIso) || (endAt && !endIso)) {
      setLocalError("Start and end must be dates and times, or empty.");
      return;
    }
    const args = splitArguments(String(f.get("arguments") ?? ""));
    const overlap = String(f.get("overlap") ?? "ALLOW");
    const misfire = String(f.get("misfire") ?? "RUN_ONCE");
    const enabled = f.get("enabled") === "on";
    const chosen = parseTarget(target);
    const zone = timezone.trim() || "UTC";
    if (mode === "create" || !initial) {
      const name = String(f.get("name") ?? "").trim();
      const d = await create({
        input: {
          name,
          ...chosen,
          cron,
          timezone: zone,
          overlap,
          misfire,
          enabled,
          ...(args.length ? { arguments: args } : {}),
          ...(properties ? { properties } : {}),
          ...(startIso ? { startAt: startIso } : {}),
          ...(endIso ? { endAt: endIso } : {}),
        },
      });
      if (d) router.push(`/schedules/${encodeURIComponent(d.createSchedule.name)}`);
      return;
    }
    // Only what changed: the API keeps every field it is not given.
    const input: UpdateScheduleInput = { name: initial.name };
    if (target !== targetValue(initial.task, initial.dag)) Object.assign(input, chosen);
    if (cron !== initial.cron) input.cron = cron;
    if (zone !== initial.timezone) input.timezone = zone;
    if (JSON.stringify(args) !== JSON.stringify(initial.arguments)) input.arguments = args;
    if (isTask && JSON.stringify(properties ?? {}) !== JSON.stringify(initial.properties ?? {}))
      input.properties = properties ?? {};
    if (!isTask && hasKeys(initial.properties)) input.properties = {};
    if (overlap !== initial.overlap) input.overlap = overlap;
    if (misfire !== initial.misfire) input.misfire = misfire;
    if (enabled !== initial.enabled) input.enabled = enabled;
    if (!sameTime(startIso, initial.startAt)) input.startAt = startIso ?? null;
    if (!sameTime(endIso, initial.endAt)) input.endAt = endIso ?? null;
    if (Object.keys(input).length === 1) {
      setNotice("Nothing changed.");
      return;
    }
    const d = await update({ input });
    if (d) {
      router.push(`/schedules/${encodeURIComponent(d.updateSchedule.name)}`);
      router.refresh();
    }
  };

  const pending = cs.pending || us.pending;
  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label={mode === "create" ? "New schedule" : "Edit schedule"}>
      <div className="row" style={{ alignItems: "flex-end" }}>
        {mode === "create" ? (
          <label>
            Name
            <input type="text" name="name" required placeholder="nightly-export" />
          </label>
        ) : null}
        <TargetSelect tasks={tasks} dags={dags} value={target} onChange={setTarget} />
      </div>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label>
          Cron
          <input
            type="text"
            name="cron"
            value={cron}
            onChange={(e) => setCron(e.target.value)}
            required
            placeholder="0 2 * * *"
            spellCheck={false}
            className="mono"
            aria-describedby="cron-check"
          />
        </label>
        <label>
          Time zone
          <input
            type="text"
            name="timezone"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            list="time-zones"
            placeholder="UTC"
            spellCheck={false}
            aria-describedby="cron-check"
          />
          <datalist id="time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        {localZone && localZone !== timezone ? (
          <button type="button" className="secondary" onClick={() => setTimezone(localZone)}>
            Use {localZone}
          </button>
        ) : null}
      </div>
      <div id="cron-check" role="status" data-testid="cron-check" style={{ minHeight: 24 }}>
        {!cron.trim() ? (
          <span className="muted">
            5 fields (minute hour day month weekday), 6 with seconds first, or <code>@daily</code>, <code>@hourly</code>
            …; <code>L</code>, <code>W</code> and <code>#</code> are allowed.
          </span>
        ) : !current ? (
          <span className="muted">Checking…</span>
        ) : !current.valid ? (
          <p className="error" style={{ margin: 0 }}>
            {current.error}
          </p>
        ) : (
          <div>
            <span className="notice" data-testid="cron-description">
              {current.description}
            </span>{" "}
            <span className="muted">in {current.timezone}. Next five fire times:</span>
            <ol data-testid="cron-next" style={{ margin: "6px 0 0", paddingLeft: 24 }}>
              {current.nextFireTimes.map((t) => (
                <li key={t}>
                  <ZonedTime iso={t} zone={current.timezone} />
                </li>
              ))}
            </ol>
          </div>
        )}
      </div>
      <ErrorMessage error={checkError} />
      <label>
        Arguments
        <input
          type="text"
          name="arguments"
          defaultValue={joinArguments(initial?.arguments ?? [])}
          placeholder='--mode full "two words"'
        />
      </label>
      {isTask ? (
        <label>
          Deployment properties (JSON, over the task's)
          <textarea
            name="properties"
            defaultValue={hasKeys(initial?.properties) ? JSON.stringify(initial?.properties, null, 2) : ""}
            placeholder='{ "env": { "REGION": "eu" } }'
          />
        </label>
      ) : null}
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label>
          While the previous run is active
          <select name="overlap" defaultValue={initial?.overlap ?? "ALLOW"}>
            {OVERLAP.map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fire times missed while Baton was down
          <select name="misfire" defaultValue={initial?.misfire ?? "RUN_ONCE"}>
            {MISFIRE.map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row" style={{ alignItems: "flex-end" }}>
        <label>
          Not before (optional)
          <input type="datetime-local" step={1} value={startAt} onChange={(e) => setStartAt(e.target.value)} />
        </label>
        <label>
          Not after (optional)
          <input type="datetime-local" step={1} value={endAt} onChange={(e) => setEndAt(e.target.value)} />
        </label>
        <span className="muted">in your time zone{localZone ? ` (${localZone})` : ""}</span>
      </div>
      <label className="inline">
        <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} />
        Enabled (unchecked: paused, fire times start nothing)
      </label>
      <div className="row">
        <button type="submit" disabled={pending || !current?.valid}>
          {pending ? "Saving…" : mode === "create" ? "Create schedule" : "Save changes"}
        </button>
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
