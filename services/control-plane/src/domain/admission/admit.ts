/**
 * Admission: which QUEUED runs start now, and on which runner. Pure: the
 * caller reads runners, candidates, active runs and limits in one snapshot,
 * and applies the decision (assign the admitted, tell the waiting why).
 */
import { formatCpu, formatMemory } from "./quantity.js";

export interface RunnerSlotView {
  id: string;
  platform: string;
  pool: string;
  labels: Record<string, string>;
  /** What it advertises. */
  slots: number;
  cpuMillis: number;
  memoryBytes: number;
  /** What its active runs (assigned, not ended) request. */
  usedSlots: number;
  usedCpuMillis: number;
  usedMemoryBytes: number;
  draining: boolean;
}

export interface Candidate {
  id: string;
  taskId: string;
  taskName: string;
  dagId: string | null;
  dagName: string | null;
  platform: string;
  pool: string;
  priority: number;
  queuedAt: Date;
  /** 0 = no request. */
  cpuMillis: number;
  /** 0 = no request. */
  memoryBytes: number;
  /** Every pair must equal the runner's. */
  runnerLabels: Record<string, string>;
  concurrencyKey: string | null;
  concurrencyLimit: number;
  /**
   * When the task was last served, as a turn number (higher = more recent,
   * 0 = never; optional, 0 when absent). Round robin across passes: of two
   * tasks' runs of the same priority and rank, the task served longer ago goes first.
   */
  taskTurn?: number;
}

export interface ActiveRun {
  taskId: string;
  dagId: string | null;
  pool: string;
  concurrencyKey: string | null;
}

export interface AdmissionLimits {
  task: ReadonlyMap<string, number>;
  dag: ReadonlyMap<string, number>;
  pool: ReadonlyMap<string, number>;
}

export interface AdmissionInput {
  runners: readonly RunnerSlotView[];
  candidates: readonly Candidate[];
  active: readonly ActiveRun[];
  limits: AdmissionLimits;
}

export interface Admitted {
  executionId: string;
  runnerId: string;
}

export interface Waiting {
  executionId: string;
  reason: string;
  position: number;
}

export interface AdmissionDecision {
  admitted: Admitted[];
  waiting: Waiting[];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byQueuedThenId(a: Candidate, b: Candidate): number {
  return a.queuedAt.getTime() - b.queuedAt.getTime() || compareIds(a.id, b.id);
}

/**
 * Order: priority desc; within a priority, round robin between tasks: each
 * task's runs ranked by (queuedAt, id), then rank asc, then the task served
 * longest ago first (taskTurn asc: so the rotation goes on across passes, where
 * each pass ranks from 0 again), then queuedAt asc, then id.
 */
export function orderCandidates(candidates: readonly Candidate[]): Candidate[] {
  const fifo = [...candidates].sort(byQueuedThenId);
  // Rank of each run among its task's runs of the same priority: 0 for the oldest, 1 for the next...
  const next = new Map<string, number>();
  const ranked = fifo.map((candidate) => {
    const key = `${candidate.priority}\u0000${candidate.taskId}`;
    const rank = next.get(key) ?? 0;
    next.set(key, rank + 1);
    return { candidate, rank };
  });
  ranked.sort(
    (a, b) =>
      b.candidate.priority - a.candidate.priority ||
      a.rank - b.rank ||
      (a.candidate.taskTurn ?? 0) - (b.candidate.taskTurn ?? 0) ||
      byQueuedThenId(a.candidate, b.candidate),
  );
  return ranked.map((entry) => entry.candidate);
}

/** Counts of active + admitted runs by some key. */
class Counter {
  private readonly counts = new Map<string, number>();

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string | null): void {
    if (key !== null) this.counts.set(key, this.get(key) + 1);
  }
}

/** Mutable copy of a runner's use, updated as runs are admitted onto it. */
interface RunnerState {
  view: RunnerSlotView;
  usedSlots: number;
  usedCpu: number;
  usedMemory: number;
}

interface Counters {
  task: Counter;
  dag: Counter;
  pool: Counter;
  key: Counter;
}

function groupKey(platform: string, pool: string): string {
  return `${platform}\u0000${pool}`;
}

function groupRunners(runners: readonly RunnerSlotView[]): Map<string, RunnerState[]> {
  const groups = new Map<string, RunnerState[]>();
  for (const view of runners) {
    const key = groupKey(view.platform, view.pool);
    const state: RunnerState = {
      view,
      usedSlots: view.usedSlots,
      usedCpu: view.usedCpuMillis,
      usedMemory: view.usedMemoryBytes,
    };
    const group = groups.get(key);
    if (group) group.push(state);
    else groups.set(key, [state]);
  }
  return groups;
}

function countActive(active: readonly ActiveRun[]): Counters {
  const counters: Counters = { task: new Counter(), dag: new Counter(), pool: new Counter(), key: new Counter() };
  for (const run of active) {
    counters.task.add(run.taskId);
    counters.dag.add(run.dagId);
    counters.pool.add(run.pool);
    counters.key.add(run.concurrencyKey);
  }
  return counters;
}

/** Why a limit (task, DAG, pool, concurrency key) keeps the candidate waiting, or undefined. */
function limitReason(candidate: Candidate, limits: AdmissionLimits, counters: Counters): string | undefined {
  const taskLimit = limits.task.get(candidate.taskId);
  if (taskLimit !== undefined && counters.task.get(candidate.taskId) >= taskLimit) {
    return `task limit ${taskLimit} reached`;
  }
  if (candidate.dagId !== null) {
    const dagLimit = limits.dag.get(candidate.dagId);
    if (dagLimit !== undefined && counters.dag.get(candidate.dagId) >= dagLimit) {
      return `DAG limit ${dagLimit} reached (${candidate.dagName ?? candidate.dagId})`;
    }
  }
  const poolLimit = limits.pool.get(candidate.pool);
  if (poolLimit !== undefined && counters.pool.get(candidate.pool) >= poolLimit) {
    return `pool limit ${poolLimit} reached (${candidate.pool})`;
  }
  const key = candidate.concurrencyKey;
  if (key !== null && counters.key.get(key) >= candidate.concurrencyLimit) {
    return `concurrency key ${key} busy`;
  }
  return undefined;
}

function labelsMatch(runner: RunnerSlotView, wanted: readonly (readonly [string, string])[]): boolean {
  for (const [name, value] of wanted) {
    if (!Object.hasOwn(runner.labels, name) || runner.labels[name] !== value) return false;
  }
  return true;
}

/** Better runner first: most free slots, then most free memory, then id. */
function better(a: RunnerState, b: RunnerState): boolean {
  const slots = a.view.slots - a.usedSlots - (b.view.slots - b.usedSlots);
  if (slots !== 0) return slots > 0;
  const memory = a.view.memoryBytes - a.usedMemory - (b.view.memoryBytes - b.usedMemory);
  if (memory !== 0) return memory > 0;
  return a.view.id < b.view.id;
}

/** What one pass over a pool's runners found for a candidate. */
interface Scan {
  best: RunnerState | undefined;
  up: number;
  labeled: number;
  maxMemory: number;
  maxCpu: number;
  /** Runners whose totals could hold the request. */
  capable: number;
  memoryFree: boolean;
  cpuFree: boolean;
}

function scanRunners(candidate: Candidate, group: readonly RunnerState[]): Scan {
  const wanted = Object.entries(candidate.runnerLabels);
  const cpu = candidate.cpuMillis;
  const memory = candidate.memoryBytes;
  const scan: Scan = {
    best: undefined,
    up: 0,
    labeled: 0,
    maxMemory: 0,
    maxCpu: 0,
    capable: 0,
    memoryFree: false,
    cpuFree: false,
  };
  for (const runner of group) {
    const view = runner.view;
    if (view.draining) continue;
    scan.up++;
    if (!labelsMatch(view, wanted)) continue;
    scan.labeled++;
    scan.maxMemory = Math.max(scan.maxMemory, view.memoryBytes);
    scan.maxCpu = Math.max(scan.maxCpu, view.cpuMillis);
    if (memory > view.memoryBytes || cpu > view.cpuMillis) continue;
    scan.capable++;
    // A run that requests nothing (0) is never held back by that resource, even on an overcommitted runner.
    const memoryFits = memory === 0 || runner.usedMemory + memory <= view.memoryBytes;
    const cpuFits = cpu === 0 || runner.usedCpu + cpu <= view.cpuMillis;
    scan.memoryFree ||= memoryFits;
    scan.cpuFree ||= cpuFits;
    if (memoryFits && cpuFits && runner.usedSlots < view.slots && (!scan.best || better(runner, scan.best))) {
      scan.best = runner;
    }
  }
  return scan;
}

function formatLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(",");
}

/** Why no runner took the candidate, most specific first. */
function runnerReason(candidate: Candidate, group: readonly RunnerState[], scan: Scan): string {
  const { pool, platform, cpuMillis: cpu, memoryBytes: memory } = candidate;
  if (group.length === 0) return `no runner is up in pool ${pool} (${platform})`;
  if (scan.up === 0) return `every runner in pool ${pool} is draining`;
  if (scan.labeled === 0) return `no runner in pool ${pool} has labels ${formatLabels(candidate.runnerLabels)}`;
  if (scan.capable === 0) {
    if (memory > scan.maxMemory) {
      return `no runner with ${formatMemory(memory)} memory (the largest has ${formatMemory(scan.maxMemory)})`;
    }
    if (cpu > scan.maxCpu) return `no runner with ${formatCpu(cpu)} CPU (the largest has ${formatCpu(scan.maxCpu)})`;
    // Some runner has the memory, another the CPU, none both.
    return `no runner with ${formatMemory(memory)} memory and ${formatCpu(cpu)} CPU together`;
  }
  if (memory > 0 && !scan.memoryFree) return `no runner with ${formatMemory(memory)} free`;
  if (cpu > 0 && !scan.cpuFree) return `no runner with ${formatCpu(cpu)} CPU free`;
  return `waiting for a free slot in pool ${pool}`;
}

function admitOnto(candidate: Candidate, runner: RunnerState, counters: Counters): void {
  runner.usedSlots++;
  runner.usedCpu += candidate.cpuMillis;
  runner.usedMemory += candidate.memoryBytes;
  counters.task.add(candidate.taskId);
  counters.dag.add(candidate.dagId);
  counters.pool.add(candidate.pool);
  counters.key.add(candidate.concurrencyKey);
}

/**
 * Considers candidates in orderCandidates order; each either starts on a
 * runner (and counts against every limit and runner for the ones after it)
 * or waits with the most specific reason.
 *
 * A candidate that cannot be placed does not block the ones after it: a
 * smaller or differently-labelled run may pass a big one that waits for
 * memory, a run of another task may pass one held by its task limit. This
 * keeps the fleet busy; the price is that a big run can wait while small ones
 * keep arriving (priority is the lever for that).
 */
/**
 * The turns to record after a pass: each admitted task gets a turn after
 * `lastTurn`, in the order of its last admission in this pass, so the next
 * pass serves the others first.
 */
export function nextTurns(
  admitted: readonly Admitted[],
  candidates: readonly Candidate[],
  lastTurn: number,
): Map<string, number> {
  const taskOf = new Map(candidates.map((c) => [c.id, c.taskId]));
  const turns = new Map<string, number>();
  admitted.forEach((a, i) => {
    const task = taskOf.get(a.executionId);
    if (task !== undefined) turns.set(task, lastTurn + i + 1);
  });
  return turns;
}

export function admit(input: AdmissionInput): AdmissionDecision {
  const groups = groupRunners(input.runners);
  const counters = countActive(input.active);
  const decision: AdmissionDecision = { admitted: [], waiting: [] };
  const wait = (candidate: Candidate, reason: string): void => {
    decision.waiting.push({ executionId: candidate.id, reason, position: decision.waiting.length + 1 });
  };
  for (const candidate of orderCandidates(input.candidates)) {
    const limited = limitReason(candidate, input.limits, counters);
    if (limited !== undefined) {
      wait(candidate, limited);
      continue;
    }
    const group = groups.get(groupKey(candidate.platform, candidate.pool)) ?? [];
    const scan = scanRunners(candidate, group);
    if (scan.best) {
      admitOnto(candidate, scan.best, counters);
      decision.admitted.push({ executionId: candidate.id, runnerId: scan.best.view.id });
    } else {
      wait(candidate, runnerReason(candidate, group, scan));
    }
  }
  return decision;
}
