import type { ExitInfo } from "@baton/proto";

/** What the engine's inspect says about a container that has ended. */
export interface EndedState {
  OOMKilled?: boolean;
  /** HostConfig.Memory: 0 or absent when the container had no limit. */
  Memory?: number;
}

const MIB = 1024 * 1024;

/** A container's end as the host reports it: the code as the engine gives it, and why when it knows more. */
export function exitInfo(exitCode: number, state: EndedState): ExitInfo {
  if (!state.OOMKilled) return { exitCode, signal: null };
  const limit = state.Memory ?? 0;
  const message =
    limit > 0
      ? `OOM_KILLED: the container exceeded its memory limit of ${Number((limit / MIB).toFixed(1))} MiB`
      : "OOM_KILLED: the container ran out of memory";
  return { exitCode, signal: null, message };
}
