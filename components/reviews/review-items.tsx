import type { ActionItemRow, ReviewDetail } from "@/lib/reviews/review-types";
import { utc } from "@/lib/reviews/format";

/** Decisions and action items, read-only (print, PDF, meeting mode's last page). */
export function ReviewRecord({ review }: { review: ReviewDetail }) {
  return (
    <>
      <h3>Decisions</h3>
      {review.decisions.length === 0 ? <p className="muted">None recorded.</p> : (
        <ul data-testid="decision-list">
          {review.decisions.map((d) => <li key={d.id}>{d.text} <span className="muted">({d.authorEmail}, {utc(d.createdAt)})</span></li>)}
        </ul>
      )}
      <h3>Action items</h3>
      <ActionItemTable items={review.actionItems} />
      {review.notes.trim() && (
        <>
          <h3>Notes</h3>
          <p style={{ whiteSpace: "pre-wrap" }}>{review.notes}</p>
        </>
      )}
    </>
  );
}

export function ActionItemTable({ items, actions }: { items: ActionItemRow[]; actions?: (a: ActionItemRow) => React.ReactNode }) {
  if (items.length === 0) return <p className="muted">None.</p>;
  return (
    <table data-testid="action-items">
      <thead><tr><th /><th>Action</th><th>Owner</th><th>Due</th><th>Status</th>{actions && <th />}</tr></thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id} data-item={a.title}>
            <td>{a.carriedOver ? <span className="badge warn" title={`raised in ${a.reviewTitle}`}>carried over</span> : <span className="badge">new</span>}</td>
            <td>{a.title}</td>
            <td>{a.owner}</td>
            <td>{a.due ?? "—"}</td>
            <td className={a.status === "open" ? "" : "muted"}>{a.status}</td>
            {actions && <td>{actions(a)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
