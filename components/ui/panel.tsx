"use client";

import type { ReactNode } from "react";
import type { FailureInfo } from "@/lib/upstream/errors";

interface PanelProps {
  title: string;
  loading?: boolean;
  error?: FailureInfo | null;
  warnings?: string[];
  onRetry?: () => void;
  actions?: ReactNode;
  children?: ReactNode;
  testId?: string;
}

/** A dashboard panel: its own loading, error (with retry) and warning states. */
export function Panel({ title, loading, error, warnings, onRetry, actions, children, testId }: PanelProps) {
  return (
    <section className="panel" data-testid={testId} aria-busy={loading || undefined}>
      <div className="panel-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {error ? (
        <div className="panel-error" role="alert">
          <div>{error.message}</div>
          {onRetry && (
            <button type="button" onClick={onRetry} style={{ marginTop: 6 }}>
              Retry
            </button>
          )}
        </div>
      ) : loading ? (
        <div className="loading">Loading…</div>
      ) : (
        children
      )}
      {!error && warnings && warnings.length > 0 && (
        <div className="panel-warning">
          {warnings.map((w) => (
            <div key={w}>⚠ {w}</div>
          ))}
        </div>
      )}
    </section>
  );
}
