"use client";
import { Graph, layout } from "@dagrejs/dagre";
import {
  Background,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import Link from "next/link";
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
type NodeData = { id: string; task: string; args: string; status: string | null; href: string | null };

const WIDTH = 180;
const HEIGHT = 54;
/** Where the node's two handles are (React Flow's default 6 px handles, centred on the top and bottom edges). */
const HANDLE = 6;
const HANDLES: NonNullable<Node["handles"]> = [
  { type: "target", position: Position.Top, x: WIDTH / 2 - HANDLE / 2, y: -HANDLE / 2, width: HANDLE, height: HANDLE },
  {
    type: "source",
    position: Position.Bottom,
    x: WIDTH / 2 - HANDLE / 2,
    y: HEIGHT - HANDLE / 2,
    width: HANDLE,
    height: HANDLE,
  },
];

function DagNodeView({ data }: NodeProps<Node<NodeData>>) {
  return (
    <div className="dag-node" data-status={data.status ?? "NOT_RUN"} data-testid={`dag-node-${data.id}`}>
      <Handle type="target" position={Position.Top} />
      <div className="title">
        {data.href ? (
          <Link href={data.href} className="nodrag" title={`Open the execution of ${data.id}`}>
            {data.id}
          </Link>
        ) : (
          data.id
        )}
      </div>
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
  links: Readonly<Record<string, string>> = {},
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
        // Known sizes and handles (React Flow's server-side-rendering form): a node and its edges are drawn
        // at once, never hidden while React Flow measures them again (each status change makes new node
        // objects, and a box whose size did not change is not measured again).
        width: WIDTH,
        height: HEIGHT,
        handles: HANDLES,
        data: {
          id: n.id,
          task: n.task,
          args: (n.arguments ?? []).join(" "),
          status: statuses[n.id] ?? null,
          href: links[n.id] ?? null,
        },
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

/** Zoom and fit, above the canvas: over it they hid the nodes beneath. */
function GraphToolbar() {
  const flow = useReactFlow();
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph view">
      <button type="button" className="secondary" onClick={() => void flow.zoomIn()} aria-label="Zoom in">
        +
      </button>
      <button type="button" className="secondary" onClick={() => void flow.zoomOut()} aria-label="Zoom out">
        −
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => void flow.fitView({ padding: 0.2, maxZoom: 1.2 })}
        aria-label="Fit the graph"
      >
        Fit
      </button>
    </div>
  );
}

/** A DAG drawn with React Flow; node colours follow `statuses`, and a node with a link in `links` opens it. */
export function DagGraph({
  nodes,
  edges,
  statuses,
  links,
  small = false,
}: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  statuses?: Readonly<Record<string, string | null>>;
  links?: Readonly<Record<string, string>>;
  small?: boolean;
}) {
  const laid = useMemo(() => layoutDag(nodes, edges, statuses, links), [nodes, edges, statuses, links]);
  // A new shape remounts the view so it fits again; status changes alone keep the viewport.
  const shape = `${nodes.map((n) => n.id).join("|")}/${edges.map((e) => `${e.from}>${e.to}:${e.on ?? ""}`).join("|")}`;
  return (
    <ReactFlowProvider key={shape}>
      <div className="graph-frame">
        <GraphToolbar />
        <div className={small ? "graph small" : "graph"} data-testid="dag-graph">
          <ReactFlow
            nodes={laid.nodes}
            edges={laid.edges}
            nodeTypes={nodeTypes}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            nodesDraggable={false}
            nodesConnectable={false}
            proOptions={{ hideAttribution: true }}
            colorMode="system"
          >
            <Background />
          </ReactFlow>
        </div>
      </div>
    </ReactFlowProvider>
  );
}
