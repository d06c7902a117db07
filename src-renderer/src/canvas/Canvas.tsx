/**
 * The canvas: the open project drawn with React Flow, with the shapes and
 * errors the compiler found, edited by drag and drop.
 *
 * Who owns what:
 * - the document (layers, connections, positions) is the project store's; the
 *   canvas sends every edit there, as a recorded action;
 * - the selection is the editor store's, so actions (copy, delete) and the
 *   inspector see it;
 * - while a layer is being dragged, its moving position lives only here, in
 *   React Flow's node list; the document gets the final position on drop.
 *   Nothing recompiles during a drag (positions change no shape), and
 *   reconcile.ts keeps every untouched node object identical, so only the
 *   dragged layers re-render.
 * - Large models stay smooth by drawing less: above VIRTUALIZE_ABOVE layers
 *   only what is on screen is mounted, and zoomed far out, layers show their
 *   type only and connections lose their shape labels (LayerNode, ShapeEdge).
 */
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import type { CompileResult, GraphError } from '../../../shared/compiler';
import type { Project } from '../../../shared/graph';
import { getLayer } from '../../../shared/layers';
import { FIT_OPTIONS } from '../actions/actionFitView';
import { usePreferences } from '../editor/preferences';
import { useEditorStore } from '../editor/store';
import { LAYER_MIME } from '../palette/drag';
import { canConnect, type XY } from '../project/edits';
import { useProjectStore } from '../project/store';
import { setFlow, type Flow } from './flow-handle';
import { DEFAULT_NODE_SIZE, toFlowGraph, type LayerFlowNode, type ShapeFlowEdge } from './flow-graph';
import { InsertMenu } from './InsertMenu';
import { LayerNode } from './LayerNode';
import { reconcileEdges, reconcileNodes } from './reconcile';
import { ShapeEdge } from './ShapeEdge';
import { CALLOUT_WIDTH, initialViewport, MAX_ZOOM } from './viewport';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const fitViewOptions = { padding: FIT_OPTIONS.padding, maxZoom: MAX_ZOOM };
const MULTI_SELECT_KEYS = ['Meta', 'Control'];
/**
 * Above this many layers, only what is on screen is mounted. Every mounted
 * layer, handle and connection subscribes to React Flow's store, and every
 * drag step notifies them all; small models stay fully mounted, which keeps
 * them simple to inspect and test. See e2e/frame-time.bench.spec.ts.
 */
const VIRTUALIZE_ABOVE = 100;

export function IssueList({ issues, title }: { issues: readonly GraphError[]; title: string }) {
  return (
    <section className="issue-panel" data-testid="graph-errors">
      <h2>{title}</h2>
      <ul>
        {issues.map((issue, i) => (
          <li key={i} className={`issue issue--${issue.severity}`} data-testid="graph-error">
            <span className="issue__code">{issue.code}</span> {issue.message}
            <div className="issue__fix">Fix: {issue.fix}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Places the camera once the nodes have been measured, then reports that it is done. */
function InitialViewport({ onPlaced }: { onPlaced(): void }) {
  const measured = useNodesInitialized();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const flow = useReactFlow();
  useEffect(() => {
    if (!width || !height) return;
    const nodes = flow.getNodes() as LayerFlowNode[];
    if (nodes.length === 0) {
      onPlaced();
      return;
    }
    if (!measured) return;
    const bounds = flow.getNodesBounds(nodes);
    const callouts = nodes.some((n) => n.data.issues.length > 0) ? CALLOUT_WIDTH : 0;
    void flow.setViewport(initialViewport({ ...bounds, width: bounds.width + callouts }, { width, height })).then(onPlaced);
  }, [measured, width, height, flow, onPlaced]);
  return null;
}

/**
 * React Flow's node list: the document's layers with the selection applied,
 * plus whatever React Flow itself changes between edits (drag positions,
 * measured sizes). Rebuilt, reusing unchanged objects, when either input changes.
 */
function useFlowNodes(graphNodes: readonly LayerFlowNode[], selected: ReadonlySet<string>) {
  const [state, setState] = useState(() => ({ graphNodes, selected, nodes: reconcileNodes([], graphNodes, selected) }));
  let current = state;
  if (state.graphNodes !== graphNodes || state.selected !== selected) {
    current = { graphNodes, selected, nodes: reconcileNodes(state.nodes, graphNodes, selected) };
    setState(current);
  }
  const applyLocal = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    setState((s) => ({ ...s, nodes: applyNodeChanges(changes, s.nodes) }));
  }, []);
  return [current.nodes, applyLocal] as const;
}

function useFlowEdges(graphEdges: readonly ShapeFlowEdge[], selected: ReadonlySet<string>): ShapeFlowEdge[] {
  const [state, setState] = useState(() => ({ graphEdges, selected, edges: reconcileEdges([], graphEdges, selected) }));
  if (state.graphEdges !== graphEdges || state.selected !== selected) {
    const next = { graphEdges, selected, edges: reconcileEdges(state.edges, graphEdges, selected) };
    setState(next);
    return next.edges;
  }
  return state.edges;
}

/** The connection (or its shape label) under a point, unless a layer covers it there. */
function edgeAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    if (el.closest('.react-flow__node')) return null;
    const edge = el.closest('.react-flow__edge');
    if (edge) return edge.getAttribute('data-id');
    const label = el.closest('.edge-label');
    if (label) return label.getAttribute('data-edge-id');
  }
  return null;
}

function positionsOf(nodes: readonly LayerFlowNode[]): Map<string, XY> {
  return new Map(nodes.map((n) => [n.id, n.position]));
}

const onNodeDragStop: OnNodeDrag<LayerFlowNode> = (_event, _node, nodes) => useProjectStore.getState().moveNodes(positionsOf(nodes));
const onSelectionDragStop = (_event: unknown, nodes: LayerFlowNode[]) => useProjectStore.getState().moveNodes(positionsOf(nodes));
const onConnect = (connection: Connection) => useProjectStore.getState().connect(connection);
const isValidConnection: IsValidConnection<ShapeFlowEdge> = (c) => {
  const { project } = useProjectStore.getState();
  return !!project && canConnect(project, { source: c.source, target: c.target, targetHandle: c.targetHandle ?? null });
};
/** A click on the empty canvas closes the insert menu (React Flow clears the selection itself). */
const onPaneClick = () => useEditorStore.getState().closeInsertMenu();
const onInit = (flow: Flow) => setFlow(flow);
/** Smaller than React Flow's default, so it hides less of the canvas (and of the problem callouts). */
const MINIMAP_SIZE = { width: 150, height: 104 };
const minimapColour = (n: LayerFlowNode) => `var(--cat-${n.data.category})`;

/** The selection after React Flow's select changes. */
function toggled(selection: ReadonlySet<string>, changes: readonly { id: string; selected: boolean }[]): Set<string> {
  const next = new Set(selection);
  for (const c of changes) {
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return next;
}

/** Connections are derived from the document; only their selection comes from React Flow. */
const onEdgesChange = (changes: EdgeChange<ShapeFlowEdge>[]) => {
  const picks = changes.filter((c) => c.type === 'select');
  if (!picks.length) return;
  const editor = useEditorStore.getState();
  editor.select(editor.selectedNodes, toggled(editor.selectedEdges, picks));
};

function openDroppedFile(file: File): void {
  void file.text().then((text) => {
    const errors = useProjectStore.getState().openFile(file.name, text);
    const editor = useEditorStore.getState();
    editor.clearSelection();
    editor.notify(errors.length ? { kind: 'error', text: `${file.name} could not be opened: ${errors[0]!.message}` } : null);
  });
}

export function Canvas({ project, result }: { project: Project; result: CompileResult }) {
  const graph = useMemo(() => toFlowGraph(project, result), [project, result]);
  const selectedNodes = useEditorStore((s) => s.selectedNodes);
  const selectedEdges = useEditorStore((s) => s.selectedEdges);
  const theme = usePreferences((s) => s.theme);
  const [nodes, applyLocal] = useFlowNodes(graph.nodes, selectedNodes);
  const edges = useFlowEdges(graph.edges, selectedEdges);
  const [placed, setPlaced] = useState(false);
  const onPlaced = useCallback(() => setPlaced(true), []);
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();

  useEffect(() => () => setFlow(null), []);

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const local = changes.filter((c) => c.type === 'position' || c.type === 'dimensions');
      if (local.length) applyLocal(local);
      const picks = changes.filter((c) => c.type === 'select');
      if (picks.length) {
        const editor = useEditorStore.getState();
        editor.select(toggled(editor.selectedNodes, picks), editor.selectedEdges);
      }
      // Removals, additions and replacements come from the document, never from React Flow.
    },
    [applyLocal],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (types.includes(LAYER_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      useEditorStore.getState().setDropEdge(edgeAt(event.clientX, event.clientY));
    } else if (types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDragLeave = useCallback((event: DragEvent) => {
    if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) useEditorStore.getState().setDropEdge(null);
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const editor = useEditorStore.getState();
      editor.setDropEdge(null);
      const file = event.dataTransfer.files[0];
      if (file) {
        openDroppedFile(file);
        return;
      }
      const type = event.dataTransfer.getData(LAYER_MIME);
      if (!getLayer(type)) return;
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // The pointer holds the layer by the middle of its title.
      const at = { x: point.x - DEFAULT_NODE_SIZE.width / 2, y: point.y - 16 };
      const store = useProjectStore.getState();
      const edge = edgeAt(event.clientX, event.clientY);
      const id = (edge && getLayer(type)!.arity.max > 0 ? store.insertOnEdge(edge, type, at) : null) ?? store.addLayer(type, at);
      if (id) editor.select([id]);
    },
    [flow],
  );

  return (
    <div className={`canvas${placed ? '' : ' canvas--placing'}`} data-testid="canvas" data-placed={placed}>
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStop={onNodeDragStop}
        onSelectionDragStop={onSelectionDragStop}
        onPaneClick={onPaneClick}
        onInit={onInit}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        colorMode={theme}
        minZoom={0.1}
        maxZoom={2}
        fitViewOptions={fitViewOptions}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        connectionRadius={28}
        onlyRenderVisibleElements={project.nodes.length > VIRTUALIZE_ABOVE}
      >
        {!placed && <InitialViewport onPlaced={onPlaced} />}
        <Background gap={20} size={1.2} />
        <Controls showInteractive={false} fitViewOptions={fitViewOptions} />
        <MiniMap pannable zoomable nodeColor={minimapColour} nodeStrokeWidth={0} nodeBorderRadius={6} style={MINIMAP_SIZE} />
        {graph.graphIssues.length > 0 && (
          <Panel position="top-left">
            <IssueList issues={graph.graphIssues} title="Problems in the model" />
          </Panel>
        )}
        {project.nodes.length === 0 && (
          <Panel position="top-center" className="empty-hint" data-testid="empty-hint">
            Drag a layer from the palette to start: an <strong>Input</strong> first. Or open a template.
          </Panel>
        )}
      </ReactFlow>
      <InsertMenu />
    </div>
  );
}
