import { describe, expect, it } from "vitest";
import type { KubeObject } from "./objects.js";
import { ObjectStore } from "./store.js";

const pod = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "ns" } });

describe("ObjectStore", () => {
  it("bumps one global resourceVersion on every change, deletions included", () => {
    const store = new ObjectStore(10);
    expect(store.put("pods", pod("a")).metadata.resourceVersion).toBe("1");
    expect(store.put("jobs", { ...pod("a"), kind: "Job" }).metadata.resourceVersion).toBe("2");
    expect(store.update("pods", "ns", "a", (p) => (p.metadata.labels = { x: "y" }))?.metadata.resourceVersion).toBe(
      "3",
    );
    expect(store.remove("pods", "ns", "a")?.metadata.resourceVersion).toBe("4");
    expect(store.resourceVersion).toBe(4);
    const since = store.since(1);
    expect(since === "expired" ? since : since.map((e) => [e.resource, e.type, e.rv])).toEqual([
      ["jobs", "ADDED", 2],
      ["pods", "MODIFIED", 3],
      ["pods", "DELETED", 4],
    ]);
  });

  it("answers expired once changes after the asked version have left the window", () => {
    const store = new ObjectStore(2);
    for (const name of ["a", "b", "c", "d"]) store.put("pods", pod(name));
    expect(store.since(1)).toBe("expired");
    const kept = store.since(2);
    expect(kept === "expired" ? kept : kept.map((e) => e.rv)).toEqual([3, 4]);
  });

  it("tells listeners of each change and stops when unsubscribed", () => {
    const store = new ObjectStore(5);
    const seen: string[] = [];
    const unsubscribe = store.subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    store.put("pods", pod("a"));
    unsubscribe();
    store.put("pods", pod("b"));
    expect(seen).toEqual(["ADDED a"]);
  });
});
