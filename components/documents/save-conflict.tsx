import { ago } from "@/components/ui/action";
import type { DiffLine } from "@/lib/documents/diff";
import { DiffView } from "./diff-view";

export interface SaveConflict {
  head: number;
  authorEmail: string;
  createdAt: string;
  message: string;
  content: string;
  diff: DiffLine[];
}

/**
 * Someone saved on top of the version a draft started from: who, when, what differs,
 * and the two ways out (save the draft on top, or drop it and load theirs). The draft
 * itself stays with the caller until they choose.
 */
export function SaveConflictPanel({ conflict, onSaveOnTop, onLoadTheirs, saving, canSave }: { conflict: SaveConflict; onSaveOnTop: () => void; onLoadTheirs: () => void; saving: boolean; canSave: boolean }) {
  return (
    <section className="panel" role="alert" data-testid="save-conflict">
      <h2 className="status-bad">
        Not saved: {conflict.authorEmail} saved v{conflict.head} {ago(conflict.createdAt)} (“{conflict.message}”)
      </h2>
      <p className="muted">Your draft is kept. Lines marked − are theirs, + are yours:</p>
      <DiffView lines={conflict.diff} />
      <div className="toolbar">
        <button type="button" className="primary" onClick={onSaveOnTop} disabled={saving || !canSave}>
          Save my draft on top of v{conflict.head}
        </button>
        <button type="button" onClick={onLoadTheirs}>
          Drop my draft and load v{conflict.head}
        </button>
      </div>
    </section>
  );
}
