"use client";
import { useEffect, useState } from "react";
import { useNow } from "@/components/time";
import { formatRelative } from "@/lib/format";
import { browserZone, formatInZone } from "./zoned";

/** The browser's time zone, known only after hydration (null on the server and in the first render). */
export function useBrowserZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(browserZone()), []);
  return zone;
}

/**
 * A fire time as the schedule reads it (its zone) and, below, in the viewer's
 * time with how far away it is: "2026-11-30 02:00:00 Asia/Kolkata" /
 * "2026-11-29 15:30:00 your time (America/New_York) · in 5 h".
 */
export function ZonedTime({
  iso,
  zone,
  relative = true,
}: {
  iso: string | null | undefined;
  zone: string;
  relative?: boolean;
}) {
  const local = useBrowserZone();
  const now = useNow(10_000);
  if (!iso) return <span className="muted">–</span>;
  return (
    <span className="zoned-time" data-iso={iso} style={{ display: "inline-grid" }}>
      <span data-zone="schedule">
        {formatInZone(iso, zone)} <span className="muted">{zone}</span>
      </span>
      <span data-zone="local" className="muted" suppressHydrationWarning>
        {local ? `${formatInZone(iso, local)} your time (${local})` : "\u00a0"}
        {local && relative ? ` · ${formatRelative(iso, now)}` : ""}
      </span>
    </span>
  );
}
