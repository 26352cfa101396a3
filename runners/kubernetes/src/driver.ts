import type { Driver, DriverContext, ResumePoint, RunHandle, RunIo, RunRef, RunSpec, StartedRun } from "@baton/proto";
import { BatchV1Api, CoreV1Api, type V1Job } from "@kubernetes/client-node";
import { apiErrorText, statusOf } from "./api-errors.js";
import { executionSelector, jobManifest, jobName, LABELS, runnerSelector } from "./job-spec.js";
import { logOpener } from "./log-follower.js";
import { PodWatch } from "./pod-watch.js";
import { RunWatch } from "./run-watch.js";
import { readSecretKey } from "./secret-read.js";
import type { KubernetesSettings } from "./settings.js";

/**
 * Runs each execution as a batch/v1 Job in the runner's namespace. Jobs are
 * labelled with the execution and this runner's id and outlive the runner on
 * purpose: a restarted runner adopts them (recover) and deletes what it no
 * longer holds (reap). The driver deletes each Job itself once it has the
 * run's verdict and all its output; ttlSecondsAfterFinished is a backstop.
 * Kubernetes merges stdout and stderr: all output goes to io.stdout.
 */
export function createKubernetesDriver(settings: KubernetesSettings, context: DriverContext): Driver {
  const { kubeConfig, namespace } = settings;
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const pods = new PodWatch(kubeConfig, core, namespace, runnerSelector(context.runnerId), context.log);
  /** Runs being watched, by Job name: close() stops them. */
  const runs = new Map<string, RunWatch>();
  /** Deletions under way: close() waits for them. */
  const deletions = new Set<Promise<void>>();
  /** The shortest grace asked per Job: a repeated cancel changes nothing, a shorter one shortens it. */
  const cancelled = new Map<string, number>();
  let closed = false;

  /** Deletes a Job; a Job already gone is fine. */
  const deleteJob = (
    name: string,
    ns: string,
    propagationPolicy: "Background" | "Foreground",
    graceSeconds?: number,
  ) => {
    const deletion: Promise<void> = batch
      .deleteNamespacedJob({
        name,
        namespace: ns,
        propagationPolicy,
        ...(graceSeconds === undefined ? {} : { gracePeriodSeconds: graceSeconds }),
      })
      .then(
        () => {},
        (err: unknown) => {
          if (statusOf(err) !== 404)
            throw new Error(`cannot delete Job ${name} in namespace ${ns}: ${apiErrorText(err)}`);
        },
      )
      .finally(() => deletions.delete(deletion));
    deletions.add(deletion);
    return deletion;
  };

  const readJob = async (name: string): Promise<V1Job | undefined> =>
    batch.readNamespacedJob({ name, namespace }).catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw new Error(`cannot read Job ${name} in namespace ${namespace}: ${apiErrorText(err)}`);
    });

  const watchRun = (job: string, io: RunIo, skipLines: number): RunWatch => {
    const watch = new RunWatch({
      pods,
      namespace,
      job,
      io,
      skipLines,
      startFailureWaitMs: settings.startFailureWaitMs,
      openLog: (pod) => logOpener(kubeConfig, namespace, pod),
      readJob: () => readJob(job),
      deleteJob: () =>
        deleteJob(job, namespace, "Background").catch((err: unknown) => context.log(String((err as Error).message))),
      log: (line) => context.log(`${job}: ${line}`),
    });
    runs.set(job, watch);
    const forget = () => {
      if (runs.get(job) === watch) runs.delete(job);
    };
    watch.exited.then(forget, forget);
    watch.started.catch(forget);
    return watch;
  };

  /** This runner's Job for an execution, by its labels (the exact id is in an annotation). */
  const findJob = async (executionId: string): Promise<V1Job | undefined> => {
    const list = await batch.listNamespacedJob({
      namespace,
      labelSelector: executionSelector(context.runnerId, executionId),
    });
    return list.items.find((job) => job.metadata?.annotations?.[LABELS.execution] === executionId);
  };

  return {
    kind: "kubernetes",
    mergedOutput: true,

    async start(run: RunRef, spec: RunSpec, io: RunIo): Promise<StartedRun> {
      if (closed) throw new Error("the Kubernetes driver is closed");
      const manifest = jobManifest(run, spec, {
        runnerId: context.runnerId,
        namespace,
        pullPolicy: settings.pullPolicy,
        ttlSeconds: settings.ttlSeconds,
        serviceAccounts: settings.serviceAccounts,
      });
      const name = manifest.metadata?.name ?? jobName(run.executionId);
      // Watching before creating: no change of the new pod is missed.
      await pods.ready();
      const watch = watchRun(name, io, 0);
      try {
        await batch.createNamespacedJob({ namespace, body: manifest });
      } catch (err) {
        watch.dispose();
        runs.delete(name);
        if (statusOf(err) === 409) {
          // Not adopted: the first start owns the run's output and end; a second would report them twice.
          throw new Error(
            `a Job named ${name} already exists in namespace ${namespace}: execution ${run.executionId} was already started, and is not started twice`,
          );
        }
        throw new Error(`cannot create Job ${name} in namespace ${namespace}: ${apiErrorText(err)}`);
      }
      watch.check();
      const handle = await watch.started;
      return { handle, exited: watch.exited };
    },

    async cancel(handle: RunHandle, options: { graceMs: number }): Promise<void> {
      const name = String(handle.job ?? "");
      const ns = String(handle.namespace ?? namespace);
      if (name === "") throw new Error(`cannot cancel: the handle ${JSON.stringify(handle)} names no Job`);
      const grace = Math.ceil(Math.max(0, options.graceMs) / 1000);
      const asked = cancelled.get(`${ns}/${name}`);
      if (asked !== undefined && asked <= grace) return;
      cancelled.set(`${ns}/${name}`, grace);
      // Foreground: the Job stays (being deleted) until its pod is gone; the grace goes with the request.
      await deleteJob(name, ns, "Foreground", grace);
    },

    async recover(run: RunRef, handle: RunHandle | undefined, io: RunIo, from: ResumePoint) {
      if (closed) throw new Error("the Kubernetes driver is closed");
      await pods.ready();
      const job = handle?.job ? await readJob(String(handle.job)) : await findJob(run.executionId);
      const name = job?.metadata?.name;
      if (!job || !name) return undefined;
      const status = job.status ?? {};
      const hadPod = (status.active ?? 0) + (status.succeeded ?? 0) + (status.failed ?? 0) > 0;
      const finished = (status.conditions ?? []).some(
        (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
      );
      // A Job whose pod is gone has nothing left to adopt; one whose pod is not made yet may still start.
      if (pods.podsOf(name).length === 0 && (hadPod || finished || job.metadata?.deletionTimestamp)) return undefined;
      const watch = watchRun(name, io, from.stdoutLines + from.stderrLines);
      watch.check();
      return { handle: watch.handle, exited: watch.exited } satisfies StartedRun;
    },

    async reap(keep: ReadonlySet<string>): Promise<void> {
      const list = await batch.listNamespacedJob({ namespace, labelSelector: runnerSelector(context.runnerId) });
      const stale = list.items.filter((job) => {
        const execution = job.metadata?.annotations?.[LABELS.execution];
        const name = job.metadata?.name ?? "";
        return execution !== undefined && !keep.has(execution) && !runs.has(name);
      });
      await Promise.all(stale.map((job) => deleteJob(job.metadata?.name ?? "", namespace, "Background")));
    },

    readSecret: (secret: string, key: string) => readSecretKey(core, namespace, secret, key),

    async close(): Promise<void> {
      closed = true;
      for (const watch of runs.values()) watch.close();
      runs.clear();
      await pods.close();
      await Promise.allSettled([...deletions]);
    },
  };
}
