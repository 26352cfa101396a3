/** Kubernetes-style quantities live in the wire contract (runners read RUNNER_CPU / RUNNER_MEMORY with them too). */
export { formatCpu, formatMemory, parseCpu, parseMemory } from "@baton/proto";
