"use client";

import type { ReactNode } from "react";
import type { NeedsAcknowledgement, WarningLike } from "@/lib/push/acknowledge";

/**
 * The warnings a push stopped at, and the button that acknowledges exactly these: the
 * push answers with a digest of them, and the acknowledgement sends it back. If what
 * would be pushed or its warnings changed meanwhile, the server asks again and this
 * says so.
 */
export function PushWarnings<W extends WarningLike>({
  ask,
  intro,
  describe,
  pending,
  onAcknowledge,
}: {
  ask: NeedsAcknowledgement<W>;
  intro: ReactNode;
  describe: (w: W) => ReactNode;
  pending: boolean;
  onAcknowledge: (acknowledgement: string) => void;
}) {
  return (
    <div role="alert" data-testid="push-warnings">
      {ask.warningsChanged && (
        <p className="status-bad" data-testid="warnings-changed">
          Not pushed: what would be pushed or its warnings changed since you acknowledged them. Read them again.
        </p>
      )}
      <p className="status-warn">{intro}</p>
      <ul className="problems">
        {ask.needsAcknowledgement.map((w, i) => (
          <li key={i} className="warning">
            {describe(w)}
          </li>
        ))}
      </ul>
      <button type="button" className="primary" disabled={pending} onClick={() => onAcknowledge(ask.acknowledgement)}>
        I have read the warnings: push anyway
      </button>
    </div>
  );
}
