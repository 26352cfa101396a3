"use client";
import { Graph, layout } from "@dagrejs/dagre";
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from "@xyflow/react";
import { useMemo } from "react";

export interface GraphNode {
  id: string;
  task: string;
  arguments?: readonly string[];
}
export interface GraphEdge {
  from: string;
  to: string;
  on?: string | null;
}
type NodeData = { id: string; task: string; args: string; status: string | null };

const WIDTH = 180;
const HEIGHT = 54;

function DagNodeView({ data }: NodeProps<Node<NodeData>>) {
  return (
    <div className="dag-node" data-status={data.status ?? "NOT_RUN"} data-testid={`dag-node-${data.id}`}>
      <Handle type="target" position={Position.Top} />
      <div className="title">{data.id}</div>
      <div className="muted">
        {[data.task !== data.id ? data.task : "", data.args, data.status ?? ""].filter(Boolean).join(" · ") || "\u00a0"}
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

const nodeTypes = { dag: DagNodeView };

/** Lays the graph out top to bottom with dagre: positions for nodes; transitions labelled with their `on`. */
export function layoutDag(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  statuses: Readonly<Record<string, string | null>> = {},
): { nodes: Node<NodeData>[]; edges: Edge[] } {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: WIDTH, height: HEIGHT });
  edges.forEach((e, i) => {
    if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, {}, String(i));
  });
  layout(g);
  return {
    nodes: nodes.map((n) => {
      const p = g.node(n.id) as { x: number; y: number } | undefined;
      return {
        id: n.id,
        type: "dag",
        position: { x: (p?.x ?? 0) - WIDTH / 2, y: (p?.y ?? 0) - HEIGHT / 2 },
        data: { id: n.id, task: n.task, args: (n.arguments ?? []).join(" "), status: statuses[n.id] ?? null },
        draggable: false,
        connectable: false,
      };
    }),
    edges: edges.map((e, i) => ({
      id: `e${i}`,
      source: e.from,
      target: e.to,
      ...(e.on ? { label: e.on } : {}),
      markerEnd: { type: MarkerType.ArrowClosed },
      style: e.on === "FAILED" ? { stroke: "#c62828" } : {},
    })),
  };
}

/** A DAG drawn with React Flow; node colours follow `statuses` (by node id). */
export function DagGraph({
  nodes,
  edges,
  statuses,
  small = false,
}: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  statuses?: Readonly<Record<string, string | null>>;
  small?: boolean;
}) {
  const laid = useMemo(() => layoutDag(nodes, edges, statuses), [nodes, edges, statuses]);
  // A new shape remounts the view so it fits again; status changes alone keep the viewport.
  const shape = `${nodes.map((n) => n.id).join("|")}/${edges.map((e) => `${e.from}>${e.to}:${e.on ?? ""}`).join("|")}`;
  return (
    <div className={small ? "graph small" : "graph"} data-testid="dag-graph">
      <ReactFlow
        key={shape}
        nodes={laid.nodes}
        edges={laid.edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        nodesDraggable={false}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
