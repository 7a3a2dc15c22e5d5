"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createReviewAction, listReviewsAction } from "@/app/actions/reviews";
import { unwrap } from "@/components/ui/action";
import { REVIEW_KINDS, type ReviewKind } from "@/lib/reviews/kinds";
import { utc } from "@/lib/reviews/format";

/** The reviews held, newest period first, and (for editors) a form to hold the next one. */
export function ReviewList({ canEdit, services, defaults }: { canEdit: boolean; services: string[]; defaults: Record<ReviewKind, string> }) {
  const router = useRouter();
  const q = useQuery({ queryKey: ["reviews"], queryFn: () => unwrap(listReviewsAction({})) });
  const [kind, setKind] = useState<ReviewKind>("weekly");
  const [period, setPeriod] = useState(defaults.weekly);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onCreate = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    try {
      const res = await createReviewAction({ kind, period, services: f.getAll("services").map(String), title: String(f.get("title") ?? "") || undefined });
      if (!res.ok) setError(res.error.message);
      else router.push(`/reviews/${res.data.id}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Reviews</h1>
      <p className="muted">
        Weekly performance reviews and monthly SLA / roadmap reviews, each with the figures frozen when it was held. <Link href="/reports" prefetch={false}>Open a live report</Link> for any period.
      </p>
      {canEdit && (
        <form className="panel" onSubmit={onCreate} aria-label="hold a review">
          <h2>Hold a review</h2>
          <div className="toolbar">
            <label>
              Kind{" "}
              <select value={kind} onChange={(e) => { const k = e.target.value as ReviewKind; setKind(k); setPeriod(defaults[k]); }} aria-label="kind">
                {Object.entries(REVIEW_KINDS).map(([k, v]) => <option key={k} value={k}>{v.title}</option>)}
              </select>
            </label>
            <label>
              Period <input value={period} onChange={(e) => setPeriod(e.target.value)} aria-label="period" size={10} placeholder={kind === "weekly" ? "2026-W48" : "2026-11"} />
            </label>
            <label>Title <input name="title" aria-label="title" placeholder="(automatic)" size={30} maxLength={200} /></label>
          </div>
          <fieldset className="toolbar" style={{ border: 0, padding: 0 }}>
            <legend className="muted">Services (none: every service)</legend>
            {services.map((s) => <label key={s}><input type="checkbox" name="services" value={s} /> {s}</label>)}
          </fieldset>
          {error && <p className="panel-error" role="alert">{error}</p>}
          <div><button className="primary" type="submit" disabled={busy}>{busy ? "Computing the report…" : "Hold review"}</button></div>
        </form>
      )}
      {q.error && <p className="panel-error" role="alert">{q.error.message}</p>}
      <table data-testid="review-list">
        <thead><tr><th>Review</th><th>Period</th><th>Services</th><th className="num">Open items</th><th>Held</th></tr></thead>
        <tbody>
          {q.data?.map((r) => (
            <tr key={r.id}>
              <td><Link href={`/reviews/${r.id}`} prefetch={false}>{r.title}</Link></td>
              <td>{r.periodLabel}</td>
              <td>{r.services.join(", ") || "all"}</td>
              <td className="num">{r.openItems}</td>
              <td>{utc(r.createdAt)} · {r.createdByEmail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.data?.length === 0 && <p className="muted">No review held yet.</p>}
    </section>
  );
}
