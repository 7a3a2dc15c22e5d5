import type { DiffLine } from "@/lib/documents/diff";

/** A folded line diff of two versions (history, save conflicts, push previews). */
export function DiffView({ lines }: { lines: DiffLine[] }) {
  if (lines.every((l) => l.kind === "fold" || l.kind === "same")) return <p className="muted">No differences.</p>;
  return (
    <div className="diff" data-testid="diff">
      {lines.map((l, i) =>
        l.kind === "fold" ? (
          <div key={i} className="fold">
            ⋯ {l.count} unchanged line(s)
          </div>
        ) : (
          <div key={i} className={l.kind}>
            {l.kind === "add" ? "+ " : l.kind === "del" ? "− " : "  "}
            {l.text}
          </div>
        ),
      )}
    </div>
  );
}
