import { type ControlPlaneAbout, encode } from "@baton/proto";
import { describe, expect, it } from "vitest";
import { decodeAboutReplies, natsAboutPeers } from "./about.js";
import type { Bus } from "./connection.js";
import { DroppedMessages } from "./dropped.js";

const good: ControlPlaneAbout = {
  v: 1,
  instance: "cp-a",
  version: "0.1.0",
  hostname: "host-a",
  pid: 42,
  startedAt: "2026-01-02T03:04:05.000Z",
  leader: true,
};
const msg = (data: Uint8Array | string) => ({
  subject: "_INBOX.x",
  data: typeof data === "string" ? new TextEncoder().encode(data) : data,
});

describe("decodeAboutReplies", () => {
  it("keeps the answers that match the schema and drops (and counts) the rest", () => {
    const logged: string[] = [];
    const replies = decodeAboutReplies(
      [
        msg(encode(good)),
        msg("not json"),
        msg(""),
        msg(encode({ ...good, v: 2 })),
        msg(encode({ ...good, instance: "" })),
        msg(encode({ ...good, pid: "42" })),
        msg(encode({ ...good, startedAt: "yesterday" })),
        msg(encode({ ...good, leader: undefined })),
        msg(encode({ ...good, instance: "cp-b", leader: false })),
      ],
      new DroppedMessages("about answers dropped", (m) => logged.push(m), 1),
    );
    expect(replies.map((r) => r.instance)).toEqual(["cp-a", "cp-b"]);
    expect(replies[0]).toEqual(good);
    expect(logged).toHaveLength(7);
  });
});

describe("natsAboutPeers", () => {
  const bus = (requestMany: () => Promise<AsyncIterable<{ subject: string; data: Uint8Array }>>) =>
    ({ nc: { requestMany }, s: { about: "t.ctl.about" } }) as unknown as Bus;

  it("answers with nothing, not an error, when NATS cannot take the request", async () => {
    const peers = natsAboutPeers(
      bus(() => Promise.reject(new Error("closed"))),
      () => undefined,
    );
    await expect(peers.gather()).resolves.toEqual([]);
  });

  it("keeps what arrived before the gathering failed", async () => {
    async function* replies() {
      yield msg(encode(good));
      throw new Error("disconnected");
    }
    const peers = natsAboutPeers(
      bus(() => Promise.resolve(replies())),
      () => undefined,
    );
    await expect(peers.gather()).resolves.toEqual([good]);
  });
});
