import { notFound } from "next/navigation";
import { ReportBody, reportSections } from "@/components/reviews/report-sections";
import { ReviewRecord } from "@/components/reviews/review-items";
import { ActionFailure } from "@/lib/errors/action-failure";
import { REVIEW_KINDS } from "@/lib/reviews/kinds";
import { utc } from "@/lib/reviews/format";
import { getReview } from "@/lib/reviews/store";
import { pageUser } from "@/lib/auth/page";

/** A review laid out for paper and PDF: light, every section on its own page. */
export default async function ReviewPrintPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await pageUser("VIEWER", `/reviews/${id}/print`))) return <p className="panel-error" role="alert">Reading reviews needs the viewer role.</p>;
  const review = await getReview(id).catch((err: unknown) => {
    if (err instanceof ActionFailure && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <article className="theme-light print-doc" data-testid="print-doc">
      <h1>{review.title}</h1>
      <p>
        {REVIEW_KINDS[review.kind].title} · period {review.periodLabel} · held {utc(review.createdAt)} UTC by {review.createdByEmail}; figures as frozen then.
      </p>
      <ReportBody sections={[...reportSections(review.snapshot, { downloads: false }), { id: "record", title: "Decisions and action items", body: <ReviewRecord review={review} /> }]} />
    </article>
  );
}
