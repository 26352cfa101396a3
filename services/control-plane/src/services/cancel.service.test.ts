import type { CancelRequest } from "@baton/proto";
import { describe, expect, it } from "vitest";
import { CancelService } from "./cancel.service.js";
import type { ExecutionsService } from "./executions.service.js";

/** A cancel asked 60 s ago of a run whose grace is 8 s: long past the first request's deadline. */
const row = {
  id: "3f6f1f5e-8a52-4a0e-9d07-0f1b2c3d4e5f",
  runnerId: "runner-1",
  status: "RUNNING",
  spec: { graceMs: 8000 },
  cancelRequestedAt: new Date(Date.now() - 60_000),
};

describe("CancelService.resendPending", () => {
  it("resends with the run's whole grace, never 0: a runner that missed the first request must still send SIGTERM and wait", async () => {
    const sent: CancelRequest[] = [];
    const db = { execution: { findMany: async () => [row] } };
    const service = new CancelService(
      db as never,
      {} as ExecutionsService,
      {
        cancel: async (_runnerId, request) => {
          sent.push(request);
          return true;
        },
      },
      { waitForTerminal: async () => {} },
    );
    await service.resendPending(5000);
    expect(sent).toEqual([{ v: 1, executionId: row.id, graceMs: 8000 }]);
  });
});
