"use client";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

export interface LogEntry {
  seq: number;
  stream: string;
  text: string;
}

const SHOWN = 2000;

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

/** Tails live (follows the end unless you scroll up or untick Follow) and searches case-insensitively. */
export function LogViewer({ lines, live }: { lines: readonly LogEntry[]; live: boolean }) {
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);
  const term = search.trim().toLowerCase();
  const shown = useMemo(() => {
    const hits = term ? lines.filter((l) => l.text.toLowerCase().includes(term)) : lines;
    return hits.length > SHOWN ? hits.slice(-SHOWN) : hits;
  }, [lines, term]);
  const matches = term ? shown.length : null;
  useLayoutEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = () => {
      const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      setFollow(atEnd);
    };
    el.addEventListener("wheel", onScroll, { passive: true });
    el.addEventListener("keyup", onScroll);
    return () => {
      el.removeEventListener("wheel", onScroll);
      el.removeEventListener("keyup", onScroll);
    };
  }, []);
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
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard */}
      <pre className="logs" ref={box} tabIndex={0} role="log" data-testid="log-viewer" aria-label="Log">
        {shown.length === 0 ? <span className="line system">{live ? "Waiting for output…" : "No output."}</span> : null}
        {shown.map((l) => (
          <span key={l.seq} className={`line ${l.stream}`}>
            <span className="n">{l.seq}</span>
            <span>{highlight(l.text, term)}</span>
          </span>
        ))}
      </pre>
    </div>
  );
}
