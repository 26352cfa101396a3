"use client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { firstErrorIndex, type LogEntry, lineTime, streamLabel, visibleRange } from "@/lib/log";

export type { LogEntry } from "@/lib/log";

/** Each line's height in px: lines do not wrap (the box scrolls sideways), so any line's place is known. */
const ROW = 18;
/** Lines rendered beyond the visible ones, either side. */
const OVERSCAN = 30;

function highlight(text: string, term: string) {
  if (!term) return text;
  const parts: (string | { m: string })[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let i = lower.indexOf(term, from); i >= 0; i = lower.indexOf(term, from)) {
    parts.push(text.slice(from, i), { m: text.slice(i, i + term.length) });
    from = i + term.length;
  }
  parts.push(text.slice(from));
  return parts.map((p, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: fragments of one line
    typeof p === "string" ? p : <mark key={i}>{p.m}</mark>,
  );
}

/**
 * The whole log, virtualised: only the lines in view are in the page, so a
 * run printing 100,000 lines keeps the tab responsive. Tails live (follows
 * the end unless you scroll up or untick Follow), searches
 * case-insensitively, shows each line's time and stream, jumps to the first
 * error, and links to the whole log as a file.
 */
export function LogViewer({
  lines,
  live,
  downloadHref,
}: {
  lines: readonly LogEntry[];
  live: boolean;
  downloadHref?: string;
}) {
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(true);
  const [times, setTimes] = useState(true);
  const [focus, setFocus] = useState<number | null>(null);
  const [view, setView] = useState({ top: 0, height: 380 });
  const box = useRef<HTMLDivElement>(null);
  const term = search.trim().toLowerCase();
  const shown = useMemo(() => (term ? lines.filter((l) => l.text.toLowerCase().includes(term)) : lines), [lines, term]);
  const [start, end] = visibleRange(view.top, view.height, ROW, shown.length, OVERSCAN);
  /** A line (index in `lines`) to scroll to once the full list is rendered (after a search is cleared). */
  const jumpTo = useRef<number | null>(null);
  const measure = useCallback(() => {
    const el = box.current;
    if (el) setView({ top: el.scrollTop, height: el.clientHeight });
  }, []);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (jumpTo.current !== null && !term) {
      el.scrollTop = Math.max(0, jumpTo.current * ROW - el.clientHeight / 3);
      jumpTo.current = null;
      measure();
    } else if (follow) el.scrollTop = el.scrollHeight;
  });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Only what the user does changes Follow; scrolls the page makes itself (following) do not.
    const byUser = () => setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 1.5);
    el.addEventListener("wheel", byUser, { passive: true });
    el.addEventListener("keyup", byUser);
    el.addEventListener("pointerup", byUser);
    measure();
    return () => {
      el.removeEventListener("wheel", byUser);
      el.removeEventListener("keyup", byUser);
      el.removeEventListener("pointerup", byUser);
    };
  }, [measure]);
  const jumpToFirstError = () => {
    const index = firstErrorIndex(lines);
    if (index < 0) return;
    // Scrolled to after the next render, when the box holds every line again (the search cleared).
    jumpTo.current = index;
    setSearch("");
    setFollow(false);
    setFocus((lines[index] as LogEntry).seq);
  };
  const errorAt = useMemo(() => firstErrorIndex(lines), [lines]);
  const matches = term ? shown.length : null;
  return (
    <div>
      <div className="spread" style={{ marginBottom: 8 }}>
        <label className="inline">
          Search
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="text in the log"
            aria-label="Search the log"
          />
        </label>
        <span className="muted" role="status">
          {matches !== null ? `${matches} matching line${matches === 1 ? "" : "s"} · ` : ""}
          {lines.length} line{lines.length === 1 ? "" : "s"}
          {live ? " · live" : ""}
        </span>
        <span className="row">
          <button type="button" className="secondary" disabled={errorAt < 0} onClick={jumpToFirstError}>
            First error
          </button>
          <label className="inline">
            <input type="checkbox" checked={times} onChange={(e) => setTimes(e.target.checked)} /> Times
          </label>
          <label className="inline">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
          </label>
          {downloadHref ? (
            <a href={downloadHref} download className="button secondary">
              Download
            </a>
          ) : null}
        </span>
      </div>
      <div
        className={times ? "logs with-times" : "logs"}
        ref={box}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard
        tabIndex={0}
        role="log"
        data-testid="log-viewer"
        aria-label="Log"
        onScroll={measure}
      >
        {shown.length === 0 ? (
          <div className="line system">{live ? "Waiting for output…" : term ? "No line matches." : "No output."}</div>
        ) : (
          <div style={{ height: shown.length * ROW, position: "relative" }}>
            <div style={{ position: "absolute", top: start * ROW, left: 0, right: 0 }}>
              {shown.slice(start, end).map((l) => (
                <div
                  key={l.seq}
                  className={`line ${l.stream}${focus === l.seq ? " focus" : ""}`}
                  data-seq={l.seq}
                  style={{ height: ROW }}
                >
                  <span className="n">{l.seq}</span>
                  {times ? <span className="t">{lineTime(l.at)}</span> : null}
                  <span className="s">{streamLabel(l.stream)}</span>
                  <span className="x">{highlight(l.text, term)}</span>
                </div>
              ))}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
