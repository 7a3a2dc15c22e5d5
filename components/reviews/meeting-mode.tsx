"use client";

import { useEffect, useRef, useState } from "react";
import type { Section } from "./report-sections";

/**
 * Meeting mode: full screen, one section per page, large type. Keys: → / PageDown /
 * Space next, ← / PageUp previous, Home / End first and last, Esc leaves.
 */
export function MeetingMode({ title, sections, onClose }: { title: string; sections: Section[]; onClose: () => void }) {
  const [page, setPage] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const last = sections.length - 1;

  useEffect(() => {
    const el = root.current;
    el?.focus();
    // full screen where the browser allows it (a user gesture opened this); the overlay works without it
    if (el && document.fullscreenEnabled && !document.fullscreenElement) el.requestFullscreen().catch(() => undefined);
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
      if (["ArrowRight", "PageDown", " "].includes(e.key)) setPage((p) => Math.min(last, p + 1));
      else if (["ArrowLeft", "PageUp"].includes(e.key)) setPage((p) => Math.max(0, p - 1));
      else if (e.key === "Home") setPage(0);
      else if (e.key === "End") setPage(last);
      else if (e.key === "Escape") onClose();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [last, onClose]);

  const s = sections[page];
  return (
    <div className="meeting" ref={root} tabIndex={-1} role="dialog" aria-modal="true" aria-label={`${title}: meeting mode`} data-testid="meeting-mode">
      <div className="meeting-head">
        <span>{title}</span>
        <span>
          <button type="button" onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0} aria-label="Previous section">←</button>{" "}
          <button type="button" onClick={() => setPage((p) => Math.min(last, p + 1))} disabled={page === last} aria-label="Next section">→</button>{" "}
          <button type="button" onClick={onClose}>Leave (Esc)</button>
        </span>
      </div>
      <div className="meeting-body" data-section={s?.id}>
        <h2>{s?.title}</h2>
        {s?.body}
      </div>
      <div className="meeting-foot">
        <span>← → to move · Esc to leave</span>
        <span data-testid="meeting-page">{page + 1} / {sections.length}</span>
      </div>
    </div>
  );
}
