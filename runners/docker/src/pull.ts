import type { PullPolicy } from "@baton/proto";
import type Docker from "dockerode";
import { reasonOf, statusOf } from "./engine.js";

export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw new Error(`cannot inspect image ${image}: ${reasonOf(err)}`);
  }
}

/**
 * Makes sure the image is on the engine as the pull policy says: Never (it
 * must be there), IfNotPresent (pull only when absent), Always (pull).
 */
export async function ensureImage(docker: Docker, image: string, policy: PullPolicy, timeoutMs: number): Promise<void> {
  if (policy === "Always") return pull(docker, image, timeoutMs);
  if (await imagePresent(docker, image)) return;
  if (policy === "Never") {
    throw new Error(`image ${image} is not on the engine and the pull policy is Never: load it there first`);
  }
  await pull(docker, image, timeoutMs);
}

/** A pull's progress messages: the only place Podman (and a registry error mid-pull) reports failure. */
interface Progress {
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Pulls the image, reading the progress stream to its end: an error there
 * (not in the HTTP status) is a failed pull. Bounded by timeoutMs, so a
 * registry that never answers cannot hang a start.
 */
async function pull(docker: Docker, image: string, timeoutMs: number): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const stream = (await docker.createImage({ fromImage: image, abortSignal: abort.signal })) as NodeJS.ReadableStream;
    const errors: string[] = [];
    await new Promise<void>((resolve, reject) => {
      abort.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (event: Progress) => {
          const message = event.errorDetail?.message ?? event.error;
          if (message) errors.push(message);
        },
      );
    });
    if (errors.length > 0) throw new Error(errors.join("; "));
    // Some engines end a failed pull without a word: the image must be there now.
    if (!(await imagePresent(docker, image))) throw new Error("the engine reported no error but has no such image");
  } catch (err) {
    const reason = abort.signal.aborted ? `no answer within ${timeoutMs} ms` : reasonOf(err);
    throw new Error(`pulling ${image} failed: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}
