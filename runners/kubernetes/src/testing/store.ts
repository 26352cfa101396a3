import { clone, type EventType, type KubeObject, type Resource } from "./objects.js";

export interface StoredEvent {
  resource: Resource;
  type: EventType;
  object: KubeObject;
  /** The global resourceVersion this change made. */
  rv: number;
}

export type Listener = (event: StoredEvent) => void;

/**
 * The double's etcd: objects by resource and namespace/name, one global
 * resourceVersion counter bumped on every change, and a window of the last
 * `eventWindow` changes from which watches resume.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private rv = 0;
  /** Every change after this resourceVersion is still in the window. */
  private compactedThrough = 0;

  constructor(private readonly eventWindow: number) {}

  get resourceVersion(): number {
    return this.rv;
  }

  get(resource: Resource, namespace: string, name: string): KubeObject | undefined {
    const found = this.objects.get(key(resource, namespace, name));
    return found ? clone(found) : undefined;
  }

  list(resource: Resource, namespace: string): KubeObject[] {
    const prefix = `${resource}/${namespace}/`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => clone(v));
  }

  /** Stores (creating or replacing) the object and records the change; returns what was stored. */
  put(resource: Resource, object: KubeObject): KubeObject {
    const k = key(resource, object.metadata.namespace ?? "", object.metadata.name ?? "");
    const type: EventType = this.objects.has(k) ? "MODIFIED" : "ADDED";
    const stored = this.stamp(object);
    this.objects.set(k, stored);
    this.record(resource, type, stored);
    return clone(stored);
  }

  /** Applies `change` to the stored object, if it is still there. */
  update(resource: Resource, namespace: string, name: string, change: (o: KubeObject) => void): KubeObject | undefined {
    const current = this.get(resource, namespace, name);
    if (!current) return undefined;
    change(current);
    return this.put(resource, current);
  }

  remove(resource: Resource, namespace: string, name: string): KubeObject | undefined {
    const k = key(resource, namespace, name);
    const found = this.objects.get(k);
    if (!found) return undefined;
    this.objects.delete(k);
    // A deletion has a resourceVersion of its own, as in etcd.
    const gone = this.stamp(found);
    this.record(resource, "DELETED", gone);
    return clone(gone);
  }

  /**
   * The changes after `since`, or "expired" when some of them have left the
   * window (the client must re-list).
   */
  since(since: number): StoredEvent[] | "expired" {
    if (since < this.compactedThrough) return "expired";
    return this.events.filter((e) => e.rv > since).map((e) => ({ ...e, object: clone(e.object) }));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stamp(object: KubeObject): KubeObject {
    this.rv += 1;
    const stored = clone(object);
    stored.metadata.resourceVersion = String(this.rv);
    return stored;
  }

  private record(resource: Resource, type: EventType, object: KubeObject): void {
    const event: StoredEvent = { resource, type, object: clone(object), rv: Number(object.metadata.resourceVersion) };
    this.events.push(event);
    while (this.events.length > this.eventWindow) {
      const dropped = this.events.shift();
      if (dropped) this.compactedThrough = dropped.rv;
    }
    for (const listener of this.listeners) listener({ ...event, object: clone(event.object) });
  }
}

function key(resource: Resource, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}
