"use client";

import Link from "next/link";
import type { Attribute, Span } from "@/lib/traces/model";
import { selfTimeUs } from "@/lib/traces/summary";
import { formatUs, serviceColor } from "./format";

/**
 * The selected span: what it is, when, how long and how much of that is its own
 * time, its status, attributes, events, links and resource. Every value from the
 * trace is rendered as text.
 */
export function SpanDetail({ span, index, onClose, onSelect }: { span: Span; index: Map<string, Span>; onClose: () => void; onSelect: (id: string) => void }) {
  const parent = span.parentId === undefined ? undefined : index.get(span.parentId);
  return (
    <section className="panel tv-detail" data-testid="span-detail" role="region" aria-label="Span detail">
      <div className="panel-head">
        <h2 className="tv-detail-title">
          <span className="wf-swatch" style={{ background: serviceColor(span.service) }} aria-hidden="true" />
          {span.operation || "(no name)"}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close span detail">
          ✕
        </button>
      </div>
      <dl className="tv-facts-list">
        <dt>Service</dt>
        <dd>{span.service}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Start</dt>
        <dd>+{formatUs(span.startUs)}</dd>
        <dt>Duration</dt>
        <dd>{formatUs(span.durationUs)}</dd>
        <dt>Self time</dt>
        <dd>{formatUs(selfTimeUs(span, index))}</dd>
        <dt>Status</dt>
        <dd className={span.error ? "status-bad" : undefined}>
          {span.status}
          {span.error && span.status !== "error" ? " (error)" : ""}
          {span.statusMessage ? `: ${span.statusMessage}` : ""}
        </dd>
        <dt>Span id</dt>
        <dd className="tv-mono">{span.id}</dd>
        {span.parentId !== undefined && (
          <>
            <dt>Parent</dt>
            <dd>
              {parent && parent.id !== span.id ? (
                <button type="button" className="tv-link-button" onClick={() => onSelect(parent.id)}>
                  {parent.service} {parent.operation}
                </button>
              ) : (
                <span className="muted tv-mono">{span.parentId} (not in this trace)</span>
              )}
            </dd>
          </>
        )}
        {span.scope && (
          <>
            <dt>Scope</dt>
            <dd>{span.scope}</dd>
          </>
        )}
      </dl>
      <Attributes title="Attributes" attributes={span.attributes} />
      {span.events.length > 0 && (
        <div>
          <h3>Events ({span.events.length})</h3>
          <table className="tv-kv" aria-label="Events">
            <thead>
              <tr>
                <th className="num">Time</th>
                <th>Name</th>
                <th>Attributes</th>
              </tr>
            </thead>
            <tbody>
              {span.events.map((e, i) => (
                <tr key={i}>
                  <td className="num">+{formatUs(e.timeUs - span.startUs)}</td>
                  <td>{e.name}</td>
                  <td>
                    {e.attributes.map((a) => (
                      <div key={a.key} className="tv-kv-inline">
                        <span className="muted">{a.key}</span> = {a.value}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {span.links.length > 0 && (
        <div>
          <h3>Links ({span.links.length})</h3>
          <ul className="tv-links-list">
            {span.links.map((l, i) => (
              <li key={i}>
                {l.inTrace ? (
                  <button type="button" className="tv-link-button" onClick={() => onSelect(l.spanId)}>
                    span {l.spanId} (this trace)
                  </button>
                ) : (
                  <Link href={`/traces/${encodeURIComponent(l.traceId)}`} prefetch={false}>
                    trace {l.traceId}, span {l.spanId}
                  </Link>
                )}
                {l.attributes.map((a) => (
                  <div key={a.key} className="tv-kv-inline muted">
                    {a.key} = {a.value}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Attributes title="Resource" attributes={span.resource} />
    </section>
  );
}

function Attributes({ title, attributes }: { title: string; attributes: readonly Attribute[] }) {
  if (attributes.length === 0) return null;
  return (
    <div>
      <h3>{title}</h3>
      <table className="tv-kv" aria-label={title}>
        <tbody>
          {attributes.map((a, i) => (
            <tr key={`${a.key}\u0000${i}`}>
              <th scope="row">{a.key}</th>
              <td>{a.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
