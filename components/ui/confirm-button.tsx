"use client";

import { useState, type ReactNode } from "react";

/**
 * A destructive button that asks in place instead of a browser `confirm()` dialog
 * (which blocks the page, cannot be styled and is suppressed by some browsers):
 * the first click shows the question with "Yes" and "Cancel" beside it.
 */
export function ConfirmButton({ children, question, onConfirm, disabled }: { children: ReactNode; question: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  }
  return (
    <span role="group" aria-label={question} style={{ display: "inline-flex", gap: 6, alignItems: "center" }}>
      <span>{question}</span>
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
