import { ReportBody, reportSections } from "@/components/reviews/report-sections";
import { pageUser } from "@/lib/auth/page";
import { reportFromParams } from "@/lib/reviews/load";

/** A live report laid out for paper and PDF (the same URL parameters as /reports). */
export default async function ReportPrintPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await pageUser("VIEWER", "/reports"))) return <p className="panel-error" role="alert">Reading reports needs the viewer role.</p>;
  const r = await reportFromParams(await searchParams);
  return (
    <article className="theme-light print-doc" data-testid="print-doc">
      {"report" in r ? (
        <>
          <h1>Report {r.report.period.label}{r.report.services.length === 1 ? ` · ${r.report.services[0]!.service}` : ""}</h1>
          <ReportBody sections={reportSections(r.report, { downloads: false })} />
        </>
      ) : (
        <p className="panel-error" role="alert">{r.error}</p>
      )}
    </article>
  );
}
