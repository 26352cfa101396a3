import { describe, expect, it } from "vitest";
import {
  type ActiveRun,
  type AdmissionDecision,
  type AdmissionInput,
  type AdmissionLimits,
  admit,
  type Candidate,
  nextTurns,
  orderCandidates,
  type RunnerSlotView,
} from "./admit.js";

const Gi = 1024 ** 3;
const T0 = Date.parse("2025-01-01T00:00:00Z");

function runner(id: string, over: Partial<RunnerSlotView> = {}): RunnerSlotView {
  return {
    id,
    platform: "local",
    pool: "default",
    labels: {},
    slots: 4,
    cpuMillis: 4000,
    memoryBytes: 8 * Gi,
    usedSlots: 0,
    usedCpuMillis: 0,
    usedMemoryBytes: 0,
    draining: false,
    ...over,
  };
}

/** A candidate of task `taskId` queued `seconds` after T0. */
function run(id: string, taskId = "t1", seconds = 0, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    taskId,
    taskName: `task-${taskId}`,
    dagId: null,
    dagName: null,
    platform: "local",
    pool: "default",
    priority: 0,
    queuedAt: new Date(T0 + seconds * 1000),
    cpuMillis: 0,
    memoryBytes: 0,
    runnerLabels: {},
    concurrencyKey: null,
    concurrencyLimit: 1,
    ...over,
  };
}

function active(taskId: string, over: Partial<ActiveRun> = {}): ActiveRun {
  return { taskId, dagId: null, pool: "default", concurrencyKey: null, ...over };
}

function limits(over: { task?: [string, number][]; dag?: [string, number][]; pool?: [string, number][] } = {}) {
  const result: AdmissionLimits = {
    task: new Map(over.task ?? []),
    dag: new Map(over.dag ?? []),
    pool: new Map(over.pool ?? []),
  };
  return result;
}

function decide(over: Partial<AdmissionInput>): AdmissionDecision {
  return admit({ runners: [runner("r1")], candidates: [], active: [], limits: limits(), ...over });
}

const ids = (decision: AdmissionDecision): string[] => decision.admitted.map((a) => a.executionId);
const reasonOf = (decision: AdmissionDecision, id: string): string | undefined =>
  decision.waiting.find((w) => w.executionId === id)?.reason;

describe("orderCandidates", () => {
  it("puts higher priority first", () => {
    const order = orderCandidates([run("low", "a", 0, { priority: -5 }), run("high", "b", 9, { priority: 10 })]);
    expect(order.map((c) => c.id)).toEqual(["high", "low"]);
  });

  it("takes turns between tasks within a priority: task B's single run comes second", () => {
    const candidates = [1, 2, 3, 4, 5].map((n) => run(`a${n}`, "A", n)).concat(run("b1", "B", 10));
    expect(orderCandidates(candidates).map((c) => c.id)).toEqual(["a1", "b1", "a2", "a3", "a4", "a5"]);
  });

  it("goes on taking turns across passes with one slot each: the task served longest ago goes first", () => {
    // One free slot per pass: each pass ranks from 0 again, so the rotation must come from the tasks' turns.
    let queue = [1, 2, 3, 4, 5].map((n) => run(`a${n}`, "A", n)).concat(run("b1", "B", 10));
    const turns = new Map<string, number>();
    let lastTurn = 0;
    const started: string[] = [];
    while (queue.length > 0) {
      const candidates = queue.map((c) => ({ ...c, taskTurn: turns.get(c.taskId) ?? 0 }));
      const decision = admit({ runners: [runner("r1", { slots: 1 })], candidates, active: [], limits: limits() });
      started.push(...ids(decision));
      for (const [task, turn] of nextTurns(decision.admitted, candidates, lastTurn)) {
        turns.set(task, turn);
        lastTurn = Math.max(lastTurn, turn);
      }
      queue = queue.filter((c) => !ids(decision).includes(c.id));
    }
    expect(started).toEqual(["a1", "b1", "a2", "a3", "a4", "a5"]);
  });

  it("gives an admitted task a turn after every earlier one, in the order of its last admission", () => {
    const candidates = [run("a1", "A", 1), run("b1", "B", 2), run("a2", "A", 3)];
    const turns = nextTurns(
      [
        { executionId: "a1", runnerId: "r1" },
        { executionId: "b1", runnerId: "r1" },
        { executionId: "a2", runnerId: "r1" },
      ],
      candidates,
      7,
    );
    expect(Object.fromEntries(turns)).toEqual({ A: 10, B: 9 });
  });

  it("keeps FIFO within a task and breaks ties by id", () => {
    const candidates = [run("x3", "A", 3), run("x1", "A", 1), run("x2b", "A", 2), run("x2a", "A", 2)];
    expect(orderCandidates(candidates).map((c) => c.id)).toEqual(["x1", "x2a", "x2b", "x3"]);
  });

  it("interleaves several tasks by rank, older first within a rank", () => {
    const candidates = [run("a1", "A", 5), run("a2", "A", 6), run("b1", "B", 1), run("b2", "B", 2), run("c1", "C", 3)];
    expect(orderCandidates(candidates).map((c) => c.id)).toEqual(["b1", "c1", "a1", "b2", "a2"]);
  });

  it("ranks a task's runs separately in each priority", () => {
    const candidates = [run("a1", "A", 1), run("a2", "A", 2, { priority: 1 }), run("b1", "B", 3), run("a3", "A", 4)];
    expect(orderCandidates(candidates).map((c) => c.id)).toEqual(["a2", "a1", "b1", "a3"]);
  });

  it("does not change its input", () => {
    const candidates = [run("b", "A", 2), run("a", "A", 1)];
    orderCandidates(candidates);
    expect(candidates.map((c) => c.id)).toEqual(["b", "a"]);
  });
});

describe("admit: capacity and order", () => {
  it("admits as many as there are free slots", () => {
    const candidates = Array.from({ length: 10 }, (_, i) => run(`e${i}`, "t1", i));
    const decision = decide({ runners: [runner("r1", { slots: 2 })], candidates });
    expect(ids(decision)).toEqual(["e0", "e1"]);
    expect(decision.admitted.every((a) => a.runnerId === "r1")).toBe(true);
    expect(decision.waiting).toHaveLength(8);
    expect(decision.waiting.every((w) => w.reason === "waiting for a free slot in pool default")).toBe(true);
  });

  it("counts the runner's used slots", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 3, usedSlots: 2 })],
      candidates: [run("e1", "t1", 1), run("e2", "t1", 2)],
    });
    expect(ids(decision)).toEqual(["e1"]);
  });

  it("admits higher priority first", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 1 })],
      candidates: [run("old", "A", 0), run("urgent", "B", 100, { priority: 5 })],
    });
    expect(ids(decision)).toEqual(["urgent"]);
  });

  it("round-robins between tasks of the same priority", () => {
    const candidates = [1, 2, 3, 4, 5].map((n) => run(`a${n}`, "A", n)).concat(run("b1", "B", 10));
    const decision = decide({ runners: [runner("r1", { slots: 2 })], candidates });
    expect(ids(decision)).toEqual(["a1", "b1"]);
  });

  it("keeps FIFO within a task", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 2 })],
      candidates: [run("late", "A", 9), run("early", "A", 1), run("mid", "A", 5)],
    });
    expect(ids(decision)).toEqual(["early", "mid"]);
  });

  it("numbers waiting candidates from 1 in the order they were considered", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 1 })],
      candidates: [run("a2", "A", 2), run("b1", "B", 1), run("a1", "A", 0), run("p", "C", 50, { priority: 1 })],
    });
    expect(ids(decision)).toEqual(["p"]);
    expect(decision.waiting.map((w) => [w.executionId, w.position])).toEqual([
      ["a1", 1],
      ["b1", 2],
      ["a2", 3],
    ]);
  });

  it("returns empty lists for no candidates", () => {
    expect(decide({ candidates: [] })).toEqual({ admitted: [], waiting: [] });
  });
});

describe("admit: limits", () => {
  it("holds a task at its limit, counting active and just-admitted runs", () => {
    const decision = decide({
      candidates: [run("e1", "A", 1), run("e2", "A", 2), run("e3", "A", 3), run("b1", "B", 4)],
      active: [active("A")],
      limits: limits({ task: [["A", 2]] }),
    });
    expect(ids(decision)).toEqual(["e1", "b1"]);
    expect(reasonOf(decision, "e2")).toBe("task limit 2 reached");
    expect(reasonOf(decision, "e3")).toBe("task limit 2 reached");
  });

  it("holds a DAG at its limit, naming the DAG", () => {
    const inDag = { dagId: "d1", dagName: "nightly" };
    const decision = decide({
      candidates: [run("x", "A", 1, inDag), run("y", "B", 2, inDag), run("z", "C", 3)],
      active: [active("Q", { dagId: "d1" })],
      limits: limits({ dag: [["d1", 2]] }),
    });
    expect(ids(decision)).toEqual(["x", "z"]);
    expect(reasonOf(decision, "y")).toBe("DAG limit 2 reached (nightly)");
  });

  it("ignores DAG limits for runs outside a DAG", () => {
    const decision = decide({ candidates: [run("x", "A", 1)], limits: limits({ dag: [["d1", 0]] }) });
    expect(ids(decision)).toEqual(["x"]);
  });

  it("holds a pool at its limit", () => {
    const decision = decide({
      runners: [runner("r1"), runner("g1", { pool: "gpu" })],
      candidates: [run("a", "A", 1), run("b", "B", 2), run("g", "C", 3, { pool: "gpu" })],
      active: [active("Z", { pool: "default" }), active("Y", { pool: "gpu" })],
      limits: limits({ pool: [["default", 2]] }),
    });
    expect(ids(decision)).toEqual(["a", "g"]);
    expect(reasonOf(decision, "b")).toBe("pool limit 2 reached (default)");
  });

  it("limits a concurrency key across tasks", () => {
    const keyed = { concurrencyKey: "db", concurrencyLimit: 1 };
    const decision = decide({
      candidates: [run("a", "A", 1, keyed), run("b", "B", 2, keyed), run("c", "C", 3)],
    });
    expect(ids(decision)).toEqual(["a", "c"]);
    expect(reasonOf(decision, "b")).toBe("concurrency key db busy");
  });

  it("counts active runs with the key and honours each candidate's limit", () => {
    const decision = decide({
      candidates: [
        run("a", "A", 1, { concurrencyKey: "db", concurrencyLimit: 2 }),
        run("b", "B", 2, { concurrencyKey: "db", concurrencyLimit: 3 }),
        run("c", "C", 3, { concurrencyKey: "db", concurrencyLimit: 3 }),
      ],
      active: [active("Z", { concurrencyKey: "db" })],
    });
    expect(ids(decision)).toEqual(["a", "b"]);
    expect(reasonOf(decision, "c")).toBe("concurrency key db busy");
  });

  it("checks the task limit before the DAG, pool and key", () => {
    const everything = { dagId: "d", dagName: "dag", concurrencyKey: "k" };
    const decision = decide({
      candidates: [run("x", "A", 1, everything)],
      active: [active("A", { dagId: "d", concurrencyKey: "k" })],
      limits: limits({ task: [["A", 1]], dag: [["d", 1]], pool: [["default", 1]] }),
    });
    expect(reasonOf(decision, "x")).toBe("task limit 1 reached");
    const noTask = decide({
      candidates: [run("x", "A", 1, everything)],
      active: [active("A", { dagId: "d", concurrencyKey: "k" })],
      limits: limits({ dag: [["d", 1]], pool: [["default", 1]] }),
    });
    expect(reasonOf(noTask, "x")).toBe("DAG limit 1 reached (dag)");
    const noDag = decide({
      candidates: [run("x", "A", 1, everything)],
      active: [active("A", { concurrencyKey: "k" })],
      limits: limits({ pool: [["default", 1]] }),
    });
    expect(reasonOf(noDag, "x")).toBe("pool limit 1 reached (default)");
  });

  it("does not use up a slot for a run held by a limit", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 1 })],
      candidates: [run("a1", "A", 1), run("b1", "B", 2)],
      limits: limits({ task: [["A", 0]] }),
    });
    expect(ids(decision)).toEqual(["b1"]);
  });
});

describe("admit: resources", () => {
  it("fits 6Gi once on an 8Gi runner; the second waits for memory", () => {
    const big = { memoryBytes: 6 * Gi };
    const decision = decide({ candidates: [run("a", "A", 1, big), run("b", "A", 2, big)] });
    expect(ids(decision)).toEqual(["a"]);
    expect(reasonOf(decision, "b")).toBe("no runner with 6Gi free");
  });

  it("says when no runner could ever hold the memory", () => {
    const decision = decide({ candidates: [run("a", "A", 1, { memoryBytes: 64 * Gi })] });
    expect(reasonOf(decision, "a")).toBe("no runner with 64Gi memory (the largest has 8Gi)");
  });

  it("says when no runner could ever hold the CPU", () => {
    const decision = decide({
      runners: [runner("r1", { cpuMillis: 2000 }), runner("r2", { cpuMillis: 1500 })],
      candidates: [run("a", "A", 1, { cpuMillis: 4000 })],
    });
    expect(reasonOf(decision, "a")).toBe("no runner with 4 CPU (the largest has 2)");
  });

  it("names the missing combination when one runner has the memory and another the CPU", () => {
    const decision = decide({
      runners: [
        runner("r1", { cpuMillis: 1000, memoryBytes: 8 * Gi }),
        runner("r2", { cpuMillis: 8000, memoryBytes: Gi }),
      ],
      candidates: [run("a", "A", 1, { cpuMillis: 2000, memoryBytes: 4 * Gi })],
    });
    expect(reasonOf(decision, "a")).toBe("no runner with 4Gi memory and 2 CPU together");
  });

  it("waits for CPU when CPU is the short resource", () => {
    const decision = decide({
      runners: [runner("r1", { cpuMillis: 2000, usedCpuMillis: 1800 })],
      candidates: [run("a", "A", 1, { cpuMillis: 500 })],
    });
    expect(reasonOf(decision, "a")).toBe("no runner with 500m CPU free");
  });

  it("reports memory before CPU when both are short", () => {
    const decision = decide({
      runners: [runner("r1", { cpuMillis: 2000, usedCpuMillis: 2000, usedMemoryBytes: 8 * Gi })],
      candidates: [run("a", "A", 1, { cpuMillis: 500, memoryBytes: Gi })],
    });
    expect(reasonOf(decision, "a")).toBe("no runner with 1Gi free");
  });

  it("lets a smaller run pass a big one that waits", () => {
    const decision = decide({
      runners: [runner("r1", { usedMemoryBytes: 4 * Gi })],
      candidates: [run("big", "A", 1, { memoryBytes: 6 * Gi }), run("small", "B", 2, { memoryBytes: Gi })],
    });
    expect(ids(decision)).toEqual(["small"]);
    expect(decision.waiting).toEqual([{ executionId: "big", reason: "no runner with 6Gi free", position: 1 }]);
  });

  it("counts resources used by admitted runs for later candidates", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 10, cpuMillis: 2000 })],
      candidates: [1, 2, 3, 4, 5].map((n) => run(`c${n}`, "A", n, { cpuMillis: 500 })),
    });
    expect(ids(decision)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(reasonOf(decision, "c5")).toBe("no runner with 500m CPU free");
  });

  it("never holds back a run that requests nothing, even on an overcommitted runner", () => {
    const decision = decide({
      runners: [runner("r1", { cpuMillis: 1000, usedCpuMillis: 3000, memoryBytes: Gi, usedMemoryBytes: 2 * Gi })],
      candidates: [run("a", "A", 1)],
    });
    expect(ids(decision)).toEqual(["a"]);
  });
});

describe("admit: runners", () => {
  it("says no runner is up in the platform and pool", () => {
    const decision = decide({
      runners: [runner("r1", { platform: "docker" }), runner("r2", { pool: "gpu" })],
      candidates: [run("a", "A", 1)],
    });
    expect(reasonOf(decision, "a")).toBe("no runner is up in pool default (local)");
    expect(
      reasonOf(decide({ runners: [], candidates: [run("b", "A", 1, { platform: "docker", pool: "x" })] }), "b"),
    ).toBe("no runner is up in pool x (docker)");
  });

  it("says every runner is draining, and never admits onto a draining runner", () => {
    const decision = decide({
      runners: [runner("r1", { draining: true }), runner("r2", { draining: true })],
      candidates: [run("a", "A", 1)],
    });
    expect(reasonOf(decision, "a")).toBe("every runner in pool default is draining");
    const mixed = decide({
      runners: [runner("r1", { draining: true, slots: 100 }), runner("r2", { slots: 1 })],
      candidates: [run("a", "A", 1), run("b", "A", 2)],
    });
    expect(mixed.admitted).toEqual([{ executionId: "a", runnerId: "r2" }]);
    expect(reasonOf(mixed, "b")).toBe("waiting for a free slot in pool default");
  });

  it("places runs only on runners with every wanted label", () => {
    const decision = decide({
      runners: [
        runner("plain"),
        runner("a100", { labels: { gpu: "a100", zone: "eu" } }),
        runner("h100", { labels: { gpu: "h100", zone: "eu" } }),
      ],
      candidates: [
        run("g", "A", 1, { runnerLabels: { gpu: "h100" } }),
        run("z", "B", 2, { runnerLabels: { zone: "eu", gpu: "a100" } }),
        run("any", "C", 3),
      ],
    });
    expect(decision.admitted).toEqual([
      { executionId: "g", runnerId: "h100" },
      { executionId: "z", runnerId: "a100" },
      { executionId: "any", runnerId: "plain" },
    ]);
  });

  it("says no runner has the labels, listed by name", () => {
    const decision = decide({
      runners: [runner("r1", { labels: { gpu: "a100" } }), runner("r2", { labels: { zone: "us" } })],
      candidates: [run("a", "A", 1, { runnerLabels: { zone: "eu", gpu: "a100" } })],
    });
    expect(reasonOf(decision, "a")).toBe("no runner in pool default has labels gpu=a100,zone=eu");
  });

  it("does not treat inherited object properties as labels", () => {
    const decision = decide({
      runners: [runner("r1")],
      candidates: [run("a", "A", 1, { runnerLabels: JSON.parse('{"constructor":""}') as Record<string, string> })],
    });
    expect(reasonOf(decision, "a")).toMatch(/has labels constructor=/);
  });

  it("spreads runs across runners, most free slots first", () => {
    const decision = decide({
      runners: [runner("r1", { slots: 2 }), runner("r2", { slots: 2 })],
      candidates: [1, 2, 3, 4, 5].map((n) => run(`c${n}`, "A", n)),
    });
    expect(decision.admitted.map((a) => a.runnerId)).toEqual(["r1", "r2", "r1", "r2"]);
    expect(decision.waiting.map((w) => w.executionId)).toEqual(["c5"]);
  });

  it("prefers more free slots, then more free memory, then the lower id", () => {
    const slots = decide({
      runners: [runner("a", { slots: 2 }), runner("b", { slots: 5, usedSlots: 1 })],
      candidates: [run("x", "A", 1)],
    });
    expect(slots.admitted[0]?.runnerId).toBe("b");
    const memory = decide({
      runners: [runner("a", { usedMemoryBytes: 2 * Gi }), runner("b", { usedMemoryBytes: Gi })],
      candidates: [run("x", "A", 1)],
    });
    expect(memory.admitted[0]?.runnerId).toBe("b");
    const id = decide({ runners: [runner("b"), runner("a")], candidates: [run("x", "A", 1)] });
    expect(id.admitted[0]?.runnerId).toBe("a");
  });

  it("chooses only among runners that fit", () => {
    const decision = decide({
      runners: [runner("roomy", { slots: 10, memoryBytes: 2 * Gi }), runner("big", { slots: 1, memoryBytes: 16 * Gi })],
      candidates: [run("x", "A", 1, { memoryBytes: 8 * Gi })],
    });
    expect(decision.admitted).toEqual([{ executionId: "x", runnerId: "big" }]);
  });
});

describe("admit: at scale", () => {
  it("places 10,000 candidates on 50 runners within every limit and capacity", () => {
    const runners = Array.from({ length: 50 }, (_, i) =>
      runner(`r${String(i).padStart(2, "0")}`, {
        pool: i % 2 === 0 ? "default" : "gpu",
        labels: i % 5 === 0 ? { disk: "ssd" } : {},
        slots: 8,
        cpuMillis: 16000,
        memoryBytes: 32 * Gi,
        usedSlots: i % 3,
        draining: i === 49,
      }),
    );
    const candidates = Array.from({ length: 10_000 }, (_, i) =>
      run(`e${i}`, `t${i % 40}`, i, {
        pool: i % 2 === 0 ? "default" : "gpu",
        priority: i % 7 === 0 ? 1 : 0,
        cpuMillis: (i % 4) * 500,
        memoryBytes: (i % 5) * Gi,
        runnerLabels: i % 11 === 0 ? { disk: "ssd" } : {},
        concurrencyKey: i % 13 === 0 ? `k${i % 3}` : null,
        concurrencyLimit: 2,
      }),
    );
    const taskLimits = limits({ task: [["t0", 3]], pool: [["gpu", 150]] });
    const decision = admit({ runners, candidates, active: [], limits: taskLimits });

    expect(decision.admitted.length + decision.waiting.length).toBe(10_000);
    expect(new Set([...ids(decision), ...decision.waiting.map((w) => w.executionId)]).size).toBe(10_000);
    expect(decision.waiting.map((w) => w.position)).toEqual(decision.waiting.map((_, i) => i + 1));

    const byId = new Map(candidates.map((c) => [c.id, c]));
    const runnerById = new Map(runners.map((r) => [r.id, r]));
    const use = new Map<string, { slots: number; cpu: number; memory: number }>();
    const perTask = new Map<string, number>();
    const perKey = new Map<string, number>();
    let gpu = 0;
    for (const { executionId, runnerId } of decision.admitted) {
      const c = byId.get(executionId) as Candidate;
      const r = runnerById.get(runnerId) as RunnerSlotView;
      expect(r.draining).toBe(false);
      expect(r.pool).toBe(c.pool);
      for (const [name, value] of Object.entries(c.runnerLabels)) expect(r.labels[name]).toBe(value);
      const u = use.get(runnerId) ?? { slots: r.usedSlots, cpu: 0, memory: 0 };
      use.set(runnerId, { slots: u.slots + 1, cpu: u.cpu + c.cpuMillis, memory: u.memory + c.memoryBytes });
      perTask.set(c.taskId, (perTask.get(c.taskId) ?? 0) + 1);
      if (c.concurrencyKey) perKey.set(c.concurrencyKey, (perKey.get(c.concurrencyKey) ?? 0) + 1);
      if (c.pool === "gpu") gpu++;
    }
    for (const [id, u] of use) {
      const r = runnerById.get(id) as RunnerSlotView;
      expect(u.slots).toBeLessThanOrEqual(r.slots);
      expect(u.cpu).toBeLessThanOrEqual(r.cpuMillis);
      expect(u.memory).toBeLessThanOrEqual(r.memoryBytes);
    }
    expect(perTask.get("t0")).toBe(3);
    for (const count of perKey.values()) expect(count).toBeLessThanOrEqual(2);
    expect(gpu).toBeLessThanOrEqual(150);
    // Every free slot in the default pool is used: most runs are small enough to fill the gaps.
    const defaultFree = runners
      .filter((r) => r.pool === "default" && !r.draining)
      .reduce((sum, r) => sum + r.slots - r.usedSlots, 0);
    const defaultAdmitted = decision.admitted.filter((a) => byId.get(a.executionId)?.pool === "default").length;
    expect(defaultAdmitted).toBe(defaultFree);
  });
});
