"use client";

import { useEffect, useRef, useState } from "react";

const DEBOUNCE_MS = 150;

/**
 * "Find in trace": the box, the "k of N matches" count and Previous / Next. The text
 * is handed to `onFind` once typing pauses (all matches highlighted, none current:
 * "0 of N"); Enter or Next goes to the next match (Shift+Enter to the previous one),
 * searching first if typing has not paused yet, so Enter right after typing always
 * lands on the first match.
 */
export function FindBar({
  count,
  index,
  onFind,
  onStep,
}: {
  count: number;
  /** the current match, -1 for none yet */
  index: number;
  /** `jump`: also go to the first match */
  onFind: (text: string, jump: boolean) => void;
  onStep: (delta: 1 | -1) => void;
}) {
  const [text, setText] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const change = (v: string) => {
    setText(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      onFind(v, false);
    }, DEBOUNCE_MS);
  };
  const step = (delta: 1 | -1) => {
    // right after typing: search now and go to the first match, not through stale ones
    if (timer.current !== undefined) {
      clearTimeout(timer.current);
      timer.current = undefined;
      onFind(text, true);
    } else onStep(delta);
  };
  return (
    <div className="wf-find" role="search">
      <input
        type="search"
        aria-label="Find in trace"
        placeholder="text, key=value, or >5%"
        value={text}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          step(e.shiftKey ? -1 : 1);
        }}
      />
      <span data-testid="find-count" className="muted" aria-live="polite">
        {text.trim() ? `${index + 1} of ${count} matches` : ""}
      </span>
      <button type="button" onClick={() => step(-1)} disabled={!text.trim()}>
        Previous
      </button>
      <button type="button" onClick={() => step(1)} disabled={!text.trim()}>
        Next
      </button>
    </div>
  );
}
