import { describe, expect, it } from "vitest";
import { bulkPlan } from "./actions";

const row = (id: string, status: string, task = "t") => ({ id, status, task, arguments: [] });

describe("bulkPlan", () => {
  const rows = [row("a", "RUNNING"), row("b", "COMPLETED"), row("c", "QUEUED"), row("d", "FAILED", "secret")];

  it("cancels only runs that have not ended, and says why for the rest", () => {
    const plan = bulkPlan(rows, "cancel");
    expect(plan.act.map((r) => r.id)).toEqual(["a", "c"]);
    expect(plan.skip.map((s) => [s.row.id, s.why])).toEqual([
      ["b", "It already ended COMPLETED: there is nothing to cancel."],
      ["d", "It already ended FAILED: there is nothing to cancel."],
    ]);
  });

  it("relaunches only ended runs", () => {
    expect(bulkPlan(rows, "relaunch").act.map((r) => r.id)).toEqual(["b", "d"]);
  });

  it("leaves the runs of tasks the user may not deploy", () => {
    const plan = bulkPlan(rows, "relaunch", (task) => (task === "secret" ? "Needs DEPLOY on secret." : undefined));
    expect(plan.act.map((r) => r.id)).toEqual(["b"]);
    expect(plan.skip.find((s) => s.row.id === "d")?.why).toBe("Needs DEPLOY on secret.");
  });
});
