import { describe, expect, it } from "vitest";
import { subjects } from "./subjects.js";

/** NATS subject matching, as the server does it: `*` one token, `>` one or more at the end. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const t = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return t.length > i;
    if (i >= t.length || (p[i] !== "*" && p[i] !== t[i])) return false;
  }
  return p.length === t.length;
}

describe("subjects", () => {
  const s = subjects("baton");

  it("puts the sending runner's id in every subject a runner sends on", () => {
    expect(s.events("runner-a", "e1")).toBe("baton.evt.runner-a.e1");
    expect(s.claim("runner-a")).toBe("baton.ctl.claim.runner-a");
    expect(s.recover("runner-a")).toBe("baton.ctl.recover.runner-a");
    expect(s.heartbeat("runner-a")).toBe("baton.hb.runner-a");
    expect(s.inbox("runner-a")).toBe("_INBOX_baton.runner-a");
  });

  it("the control plane's wildcards cover every runner's subjects, and the stream every event", () => {
    expect(matches(s.eventsAll, s.events("r1", "e1"))).toBe(true);
    expect(matches(s.eventsOf("e1"), s.events("r1", "e1"))).toBe(true);
    expect(matches(s.eventsOf("e1"), s.events("r1", "e2"))).toBe(false);
    expect(matches(s.claimAll, s.claim("r1"))).toBe(true);
    expect(matches(s.recoverAll, s.recover("r1"))).toBe(true);
    expect(matches(s.heartbeatAll, s.heartbeat("r1"))).toBe(true);
  });

  it("reads the runner id back from a subject of the kind asked, and nothing else", () => {
    expect(s.runnerOf("claim", s.claim("r-1"))).toBe("r-1");
    expect(s.runnerOf("recover", s.recover("r-1"))).toBe("r-1");
    expect(s.runnerOf("heartbeat", s.heartbeat("r-1"))).toBe("r-1");
    expect(s.runnerOf("events", s.events("r-1", "e9"))).toBe("r-1");
    expect(s.parseEvents(s.events("r-1", "e9"))).toEqual({ runnerId: "r-1", executionId: "e9" });
    for (const wrong of [
      "baton.ctl.claim",
      "baton.ctl.claim.r1.extra",
      "baton.ctl.recover.r1",
      "other.ctl.claim.r1",
      "batonx.ctl.claim.r1",
      "baton.ctl.claim.*",
    ]) {
      expect(s.runnerOf("claim", wrong)).toBeUndefined();
    }
    for (const wrong of ["baton.evt.e1", "baton.evt.r1.e1.x", "other.evt.r1.e1", "baton.evt.*.e1"]) {
      expect(s.parseEvents(wrong)).toBeUndefined();
    }
    expect(s.runnerOf("heartbeat", "baton.hb.r1.x")).toBeUndefined();
  });

  it("refuses ids that are not one subject token", () => {
    expect(() => s.events("a.b", "e1")).toThrow(/runner id "a.b"/);
    expect(() => s.events("r1", "e.>")).toThrow(/execution id/);
    expect(() => s.claim("*")).toThrow(/runner id/);
    expect(() => s.inbox(">")).toThrow(/runner id/);
  });

  describe("runnerPermissions", () => {
    const a = s.runnerPermissions("runner-a");
    const may = (list: string[], subject: string) => list.some((p) => matches(p, subject));

    it("lets a runner publish its own events, claims, recover requests and heartbeats", () => {
      for (const subject of [
        s.events("runner-a", "e1"),
        s.claim("runner-a"),
        s.recover("runner-a"),
        s.heartbeat("runner-a"),
      ]) {
        expect(may(a.publish, subject), subject).toBe(true);
      }
    });

    it("and no other runner's, nor the control plane's subjects, nor JetStream's API", () => {
      for (const subject of [
        s.events("runner-b", "e1"),
        "baton.evt.e1",
        s.claim("runner-b"),
        s.recover("runner-b"),
        s.heartbeat("runner-b"),
        s.runOn("runner-b"),
        s.cancel("runner-b"),
        s.runOn("runner-a"),
        s.live("e1"),
        s.dagRun("d1"),
        "$JS.API.STREAM.INFO.BATON_EVENTS",
        "$JS.API.STREAM.DELETE.BATON_EVENTS",
        "_INBOX.abc",
        "other.evt.runner-a.e1",
      ]) {
        expect(may(a.publish, subject), subject).toBe(false);
      }
    });

    it("lets a runner subscribe to its commands, its cancels and its inbox only", () => {
      expect(a.subscribe).toEqual(["baton.ctl.run.runner-a", "baton.ctl.cancel.runner-a", "_INBOX_baton.runner-a.>"]);
      for (const subject of [
        s.runOn("runner-b"),
        s.cancel("runner-b"),
        `${s.inbox("runner-b")}.x.1`,
        "_INBOX.x.1",
        `_INBOX_other.runner-a.x`,
        s.events("runner-a", "e1"),
        s.heartbeat("runner-b"),
        s.live("e1"),
      ]) {
        expect(may(a.subscribe, subject), subject).toBe(false);
      }
    });

    it("keeps the control planes' about subject out of every runner's reach, publish and subscribe", () => {
      expect(s.about).toBe("baton.ctl.about");
      // Runner ids equal to the subject's own tokens must not open a way in either.
      for (const id of ["runner-a", "about", "ctl"]) {
        const p = s.runnerPermissions(id);
        expect(may(p.publish, s.about), `runner ${id} publishing`).toBe(false);
        expect(may(p.subscribe, s.about), `runner ${id} subscribing`).toBe(false);
      }
      for (const kind of ["events", "claim", "recover", "heartbeat"] as const) {
        expect(s.runnerOf(kind, s.about), kind).toBeUndefined();
      }
    });

    it("keeps installations apart: another prefix's runner of the same id has other subjects", () => {
      const other = subjects("other").runnerPermissions("runner-a");
      for (const p of [...other.publish, ...other.subscribe]) {
        expect(may([...a.publish, ...a.subscribe], p.replace(/>$/, "x")), p).toBe(false);
      }
    });
  });
});
