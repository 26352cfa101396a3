import type { V1Job, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { exitInfo, podProgress, startFailureMessage } from "./pod-state.js";

const pod = (status: V1Pod["status"]): V1Pod => ({ status });
const waiting = (reason: string, message = "") =>
  pod({ phase: "Pending", containerStatuses: [waitingStatus(reason, message)] });
function waitingStatus(reason: string, message: string) {
  return {
    name: "run",
    image: "x",
    imageID: "",
    ready: false,
    restartCount: 0,
    state: { waiting: { reason, message } },
  };
}

describe("podProgress", () => {
  it("reads pending, start failures, running and ended", () => {
    expect(podProgress(pod({ phase: "Pending" }))).toEqual({ state: "pending" });
    expect(podProgress(waiting("ContainerCreating"))).toEqual({ state: "pending" });
    expect(podProgress(waiting("ErrImagePull", "no such host"))).toEqual({
      state: "failing",
      reason: "ErrImagePull",
      message: "no such host",
    });
    expect(
      podProgress(
        pod({
          phase: "Pending",
          conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/3 nodes" }],
        }),
      ),
    ).toEqual({ state: "failing", reason: "Unschedulable", message: "0/3 nodes" });
    const running = { name: "run", image: "x", imageID: "", ready: true, restartCount: 0, state: { running: {} } };
    expect(podProgress(pod({ phase: "Running", containerStatuses: [running] }))).toEqual({ state: "running" });
    expect(podProgress(pod({ phase: "Failed", reason: "Evicted", message: "low memory" }))).toMatchObject({
      state: "ended",
      terminated: undefined,
      reason: "Evicted",
    });
  });
});

describe("exitInfo", () => {
  const ended = (reason: string, exitCode: number) => ({ state: "ended", terminated: { exitCode, reason } }) as const;

  it("reports the exit code, OOMKilled with the limit, and the Job's deadline", () => {
    expect(exitInfo(ended("Completed", 0), undefined, undefined)).toEqual({ exitCode: 0, signal: null });
    expect(exitInfo(ended("OOMKilled", 137), undefined, 96 * 1024 * 1024)).toEqual({
      exitCode: 137,
      signal: null,
      message: "OOM_KILLED: the container exceeded its memory limit of 96 MiB",
    });
    const job: V1Job = {
      spec: { activeDeadlineSeconds: 400, template: {} },
      status: { conditions: [{ type: "Failed", status: "True", reason: "DeadlineExceeded" }] },
    };
    expect(exitInfo(ended("Error", 137), job, undefined).message).toMatch(
      /^DEADLINE_EXCEEDED: the Job was active longer than its deadline of 400 s/,
    );
    expect(exitInfo({ state: "ended", terminated: undefined, reason: "Evicted" }, undefined, undefined)).toMatchObject({
      exitCode: null,
      message: expect.stringMatching(/^POD_FAILED: .*Evicted/),
    });
  });

  it("says what a start failure was, with the last pull error behind a back-off", () => {
    expect(
      startFailureMessage(
        "localhost/x:absent",
        { reason: "ImagePullBackOff", message: 'Back-off pulling image "localhost/x:absent"' },
        "connection refused",
        1000,
      ),
    ).toBe(
      'image localhost/x:absent could not be pulled (ImagePullBackOff: Back-off pulling image "localhost/x:absent"; ' +
        "last error ErrImagePull: connection refused); gave up after 1000 ms and deleted the Job",
    );
  });
});
