import {
  type CoreV1Api,
  type Informer,
  type KubeConfig,
  makeInformer,
  type ObjectCache,
  type V1Pod,
} from "@kubernetes/client-node";
import { apiErrorText, statusOf } from "./api-errors.js";

export type PodListener = (pod: V1Pod, deleted: boolean) => void;

/** The Job a pod belongs to (the Job controller's labels, else its owner). */
export function jobOfPod(pod: V1Pod): string | undefined {
  const labels = pod.metadata?.labels ?? {};
  return (
    labels["batch.kubernetes.io/job-name"] ??
    labels["job-name"] ??
    pod.metadata?.ownerReferences?.find((o) => o.kind === "Job")?.name
  );
}

/**
 * One shared watch over this runner's pods (client-node's informer: a list,
 * then a watch resumed from the last resourceVersion, and a new list when
 * the server answers 410 Gone), routing each change to the runs by Job name.
 * A watch that fails otherwise is restarted after a short pause.
 */
export class PodWatch {
  private informer: (Informer<V1Pod> & ObjectCache<V1Pod>) | undefined;
  private starting: Promise<void> | undefined;
  private readonly listeners = new Map<string, Set<PodListener>>();
  private closed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private listed = false;
  private lastError: unknown;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly core: CoreV1Api,
    private readonly namespace: string,
    private readonly selector: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Resolves once the pods are listed and watched; rejects with a sentence when the API cannot be reached. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the Kubernetes driver is closed"));
    this.starting ??= this.start().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  /** The cached pods of a Job. */
  podsOf(job: string): V1Pod[] {
    return (this.informer?.list(this.namespace) ?? []).filter((pod) => jobOfPod(pod) === job);
  }

  subscribe(job: string, listener: PodListener): () => void {
    let set = this.listeners.get(job);
    if (!set) {
      set = new Set();
      this.listeners.set(job, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(job);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    await this.informer?.stop();
  }

  private async start(): Promise<void> {
    if (!this.informer) {
      const informer = makeInformer<V1Pod>(
        this.kubeConfig,
        `/api/v1/namespaces/${this.namespace}/pods`,
        async () => {
          const list = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: this.selector });
          this.listed = true;
          return list;
        },
        this.selector,
      );
      informer.on("add", (pod) => this.route(pod, false));
      informer.on("update", (pod) => this.route(pod, false));
      informer.on("delete", (pod) => this.route(pod, true));
      informer.on("error", (err) => this.failed(err));
      this.informer = informer;
    }
    this.lastError = undefined;
    await this.informer.start();
    if (!this.listed) {
      throw new Error(`cannot list pods in namespace ${this.namespace}: ${apiErrorText(this.lastError)}`);
    }
  }

  private route(pod: V1Pod, deleted: boolean): void {
    const job = jobOfPod(pod);
    if (!job) return;
    for (const listener of this.listeners.get(job) ?? []) listener(pod, deleted);
  }

  /** The informer stops on any error but 410: start it again (it resumes from its resourceVersion). */
  private failed(err: unknown): void {
    this.lastError = err;
    if (this.closed || !this.listed) return;
    this.log(`watching pods failed (${statusOf(err) ?? apiErrorText(err)}); watching again`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (!this.closed) void this.informer?.start();
    }, 1000);
  }
}
