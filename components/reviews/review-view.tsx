"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState, type FormEvent } from "react";
import { addActionItemAction, addDecisionAction, getReviewAction, saveReviewNotesAction, updateActionItemAction } from "@/app/actions/reviews";
import { unwrap } from "@/components/ui/action";
import { actionItemsCsv, reviewMarkdown } from "@/lib/reviews/export";
import { REVIEW_KINDS } from "@/lib/reviews/kinds";
import { utc } from "@/lib/reviews/format";
import type { ReviewDetail } from "@/lib/reviews/review-types";
import type { ActionResult } from "@/lib/server/action-types";
import { DownloadButton } from "./csv-button";
import { MeetingMode } from "./meeting-mode";
import { ReportBody, reportSections, type Section } from "./report-sections";
import { ActionItemTable, ReviewRecord } from "./review-items";

/** A review: its frozen report, then decisions, action items (carried over ones first) and notes. */
export function ReviewView({ initial, canEdit }: { initial: ReviewDetail; canEdit: boolean }) {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ["review", initial.id], queryFn: () => unwrap(getReviewAction({ id: initial.id })), initialData: initial });
  const review = q.data;
  const [meeting, setMeeting] = useState(false);
  // the notes being typed live here, so that entering or leaving meeting mode keeps them
  const draft = useState(initial.notes);
  const revision = useState(initial.revision);
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: ["review", initial.id] }), [client, initial.id]);
  const sections: Section[] = [
    ...reportSections(review.snapshot),
    { id: "record", title: "Decisions and action items", body: canEdit ? <RecordEditor review={review} onChange={refresh} draft={draft} revision={revision} /> : <ReviewRecord review={review} /> },
  ];
  const closeMeeting = useCallback(() => setMeeting(false), []);

  return (
    <div>
      <h1>{review.title}</h1>
      <p className="muted">
        {REVIEW_KINDS[review.kind].title} · period {review.periodLabel} · held {utc(review.createdAt)} UTC by {review.createdByEmail}. The figures are as frozen then.
      </p>
      <div className="toolbar no-print">
        <button type="button" className="primary" onClick={() => setMeeting(true)}>Meeting mode</button>
        <a className="button-like" href={`/api/pdf?path=${encodeURIComponent(`/reviews/${review.id}/print`)}`} download>PDF</a>
        <DownloadButton text={() => reviewMarkdown(review)} fileName={`${review.periodLabel}-review.md`} label="Markdown" type="text/markdown" />
        <DownloadButton text={() => actionItemsCsv(review.actionItems)} fileName={`${review.periodLabel}-action-items.csv`} label="Action items CSV" />
        <button type="button" onClick={() => window.print()}>Print</button>
      </div>
      {/* one copy of the sections at a time: notes typed in meeting mode are the page's */}
      {meeting ? <MeetingMode title={review.title} sections={sections} onClose={closeMeeting} /> : <ReportBody sections={sections} />}
    </div>
  );
}

function useRun(onDone: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T,>(work: () => Promise<ActionResult<T>>): Promise<boolean> => {
    setBusy(true);
    try {
      const res = await work();
      if (!res.ok) {
        setError(res.error.message);
        return false;
      }
      setError(null);
      onDone();
      return true;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

type State<T> = [T, (v: T) => void];

function RecordEditor({ review, onChange, draft, revision: rev }: { review: ReviewDetail; onChange: () => void; draft: State<string>; revision: State<number> }) {
  const { error, busy, run } = useRun(onChange);
  const [notes, setNotes] = draft;
  const [revision, setRevision] = rev;

  const onDecision = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (await run(() => addDecisionAction({ reviewId: review.id, text: String(new FormData(form).get("text") ?? "") }))) form.reset();
  };
  const onItem = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const due = String(f.get("due") ?? "");
    if (await run(() => addActionItemAction({ reviewId: review.id, title: String(f.get("title") ?? ""), owner: String(f.get("owner") ?? ""), due: due || undefined }))) form.reset();
  };
  const onNotes = () =>
    run(async () => {
      const res = await saveReviewNotesAction({ id: review.id, revision, notes });
      if (res.ok) setRevision(res.data.revision);
      return res;
    });

  return (
    <div className="report-section">
      {error && <p className="panel-error" role="alert">{error}</p>}
      <h3>Decisions</h3>
      <ul data-testid="decision-list">
        {review.decisions.map((d) => <li key={d.id}>{d.text} <span className="muted">({d.authorEmail}, {utc(d.createdAt)})</span></li>)}
      </ul>
      <form onSubmit={onDecision} className="toolbar no-print">
        <input name="text" aria-label="decision" placeholder="A decision the meeting took" size={60} maxLength={2000} required />
        <button type="submit" disabled={busy}>Add decision</button>
      </form>
      <h3>Action items</h3>
      <ActionItemTable
        items={review.actionItems}
        actions={(a) =>
          a.status === "open" ? (
            <span className="no-print">
              <button type="button" disabled={busy} onClick={() => void run(() => updateActionItemAction({ id: a.id, status: "done" }))}>Done</button>{" "}
              <button type="button" disabled={busy} onClick={() => void run(() => updateActionItemAction({ id: a.id, status: "dropped" }))}>Drop</button>
            </span>
          ) : (
            <button type="button" className="no-print" disabled={busy} onClick={() => void run(() => updateActionItemAction({ id: a.id, status: "open" }))}>Reopen</button>
          )
        }
      />
      <form onSubmit={onItem} className="toolbar no-print">
        <input name="title" aria-label="action item" placeholder="What is to be done" size={40} maxLength={500} required />
        <input name="owner" aria-label="owner" placeholder="Owner" size={16} maxLength={200} required />
        <input name="due" aria-label="due date" type="date" />
        <button type="submit" disabled={busy}>Add action item</button>
      </form>
      <h3>Notes</h3>
      <textarea aria-label="notes" value={notes} onChange={(e) => setNotes(e.target.value)} rows={6} style={{ width: "100%" }} maxLength={50_000} />
      <div className="toolbar no-print">
        <button type="button" disabled={busy || notes === review.notes} onClick={() => void onNotes()}>Save notes</button>
      </div>
    </div>
  );
}
