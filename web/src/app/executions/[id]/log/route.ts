import { LogPageQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";

/** Lines asked for per page of the API (its maximum). */
const PAGE = 10_000;

/**
 * The whole log of a run as a text file, however long: the API is paged
 * (`logs(after:, first:)`) and each page is streamed out as it comes, one
 * line per log line: time (UTC), stream, text.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const first = await serverQuery(LogPageQuery, { id, after: 0, first: PAGE });
  if (!first.ok) return new Response(`${first.error}\n`, { status: 502, headers: { "content-type": "text/plain" } });
  const execution = first.data.execution;
  if (!execution)
    return new Response(`No execution ${id}.\n`, { status: 404, headers: { "content-type": "text/plain" } });
  const encoder = new TextEncoder();
  type Line = (typeof execution.logs)[number];
  const text = (lines: readonly Line[]) =>
    encoder.encode(lines.map((l) => `${l.at} ${l.stream.padEnd(6)} ${l.text}\n`).join(""));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let page = execution.logs;
      while (page.length > 0) {
        controller.enqueue(text(page));
        const after = (page.at(-1) as Line).seq;
        const next = await serverQuery(LogPageQuery, { id, after, first: PAGE });
        if (!next.ok) {
          controller.enqueue(encoder.encode(`\n[the download stopped: ${next.error}]\n`));
          break;
        }
        page = next.data.execution?.logs ?? [];
      }
      controller.close();
    },
  });
  const name = `${execution.task.name}-${id}.log`.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
