import { cookies } from "next/headers";
import type { Viewer } from "@/components/viewer";
import { authConfig, readSession } from "@/lib/auth/server";
import { MeQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";

/**
 * Who is signed in and what they may do, from the API's `me` (once per page
 * load, by the root layout); null in local mode. When `me` cannot be read the
 * viewer keeps the session's name and no grant, so actions stay disabled
 * while the page says what went wrong.
 */
export async function loadViewer(): Promise<Viewer | null> {
  const cfg = authConfig();
  if (cfg.mode === "off") return null;
  const me = await serverQuery(MeQuery);
  if (me.ok) return { name: me.data.me.name, grants: me.data.me.grants };
  const session = await readSession(cfg, await cookies());
  return { name: session?.name ?? "signed out", grants: [] };
}
