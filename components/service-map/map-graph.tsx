import type { HealthLevel } from "@/lib/overview/health";
import { formatValue } from "@/lib/format/units";
import type { RangePreset } from "@/lib/promql/time-range";
import { LAYOUT, pairKey, type MapEdge, type MapNode, type ServiceMap } from "@/lib/traces/service-map";
import { clip, errorText, formatCalls, HEALTH_MEANING, HEALTH_SLUG, nodeLabel, serviceHref } from "./format";

/**
 * The service map's drawing: an SVG in the layout of lib/traces/service-map.ts. Each
 * service is a rounded box coloured by its health, showing its p95 and error ratio,
 * and a link to its dashboard; each caller → callee pair is a curved arrow whose
 * width grows with log(calls), labelled with the count. Calls that close a cycle are
 * dashed arcs back to the left, self-calls dashed loops above the box. No state: the
 * parent owns data and range.
 */

const NAME_CHARS = 22;

function Node({ node, range }: { node: MapNode; range: RangePreset }) {
  const { nodeWidth: w, nodeHeight: h } = LAYOUT;
  const level = node.health.level;
  return (
    <g className={`sm-node sm-${HEALTH_SLUG[level]}`} data-service={node.name} transform={`translate(${node.x},${node.y})`}>
      <a href={serviceHref(node.name, range)} aria-label={nodeLabel(node.name, level, node)}>
        <title>{`${node.name}: ${level} · ${formatCalls(node.callsIn)} calls in, ${formatCalls(node.callsOut)} out · open its dashboard`}</title>
        <rect width={w} height={h} rx={8} ry={8} />
        <text className="sm-name" x={12} y={22}>
          {clip(node.name, NAME_CHARS)}
        </text>
        <text className="sm-stats" x={12} y={42}>
          {`p95 ${formatValue(node.p95, "seconds")} · err ${errorText(node)}`}
        </text>
      </a>
    </g>
  );
}

function Edge({ edge }: { edge: MapEdge }) {
  const calls = `${edge.callCount.toLocaleString("en-GB")} call${edge.callCount === 1 ? "" : "s"}`;
  return (
    <g className={`sm-edge${edge.back ? " sm-back" : ""}`} data-edge={`${edge.parent}→${edge.child}`}>
      <title>{`${edge.parent} → ${edge.child}: ${calls}${edge.back ? " (closes a cycle)" : ""}`}</title>
      <path d={edge.path} strokeWidth={edge.strokeWidth} markerEnd="url(#sm-arrow)" />
      <text x={edge.label.x} y={edge.label.y - 4} textAnchor="middle">
        {formatCalls(edge.callCount)}
      </text>
    </g>
  );
}

const LEVELS: HealthLevel[] = ["healthy", "at risk", "breaching", "unknown"];

export function Legend() {
  return (
    <ul className="sm-legend" aria-label="Legend">
      {LEVELS.map((level) => (
        <li key={level}>
          <span className={`sm-swatch sm-${HEALTH_SLUG[level]}`} aria-hidden="true" />
          <strong>{level}</strong> <span className="muted">{HEALTH_MEANING[level]}</span>
        </li>
      ))}
      <li>
        <span aria-hidden="true">→</span> <span className="muted">caller to callee, labelled with the calls in the range; width grows with log(calls)</span>
      </li>
      <li>
        <span aria-hidden="true">⤺</span> <span className="muted">dashed: a call that closes a cycle</span>
      </li>
    </ul>
  );
}

/** The SVG itself (edges under nodes), scrolled when wider than the page. */
export function MapGraph({ map, range }: { map: ServiceMap; range: RangePreset }) {
  return (
    <div className="sm-scroll">
      <svg
        className="sm-svg"
        width={map.width}
        height={map.height}
        viewBox={`0 0 ${map.width} ${map.height}`}
        aria-label={`Service map: ${map.nodes.length} services, ${map.edges.length} caller → callee pairs`}
      >
        <defs>
          <marker id="sm-arrow" viewBox="0 0 10 10" refX={9} refY={5} markerWidth={11} markerHeight={11} markerUnits="userSpaceOnUse" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" className="sm-arrowhead" />
          </marker>
        </defs>
        <g className="sm-edges">
          {map.edges.map((e) => (
            <Edge key={pairKey(e.parent, e.child)} edge={e} />
          ))}
        </g>
        <g className="sm-nodes">
          {map.nodes.map((n) => (
            <Node key={n.name} node={n} range={range} />
          ))}
        </g>
      </svg>
    </div>
  );
}
