"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { getReportAction } from "@/app/actions/reviews";
import { unwrap } from "@/components/ui/action";
import { reportMarkdown } from "@/lib/reviews/export";
import { periodFromParam } from "@/lib/reviews/request";
import { DownloadButton } from "./csv-button";
import { ReportBody, reportSections } from "./report-sections";

const PRESETS = [
  ["last:week", "Last week"],
  ["this:week", "This week"],
  ["last:month", "Last month"],
  ["this:month", "This month"],
  ["last:quarter", "Last quarter"],
] as const;

/** A live report for any period and services, with its exports; the URL holds the choice. */
export function ReportExplorer({ services }: { services: string[] }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const periodParam = params.get("period") ?? "last:week";
  const chosen = params.getAll("service");
  const q = useQuery({
    queryKey: ["report", periodParam, chosen],
    queryFn: () => unwrap(getReportAction({ period: periodFromParam(periodParam, Date.now() / 1000), services: chosen })),
    staleTime: 60_000,
  });
  const set = (period: string, svcs: string[]) => {
    const sp = new URLSearchParams();
    sp.set("period", period);
    for (const s of svcs) sp.append("service", s);
    router.replace(`${pathname}?${sp.toString()}`);
  };
  const printPath = `/reports/print?${params.toString() || "period=last:week"}`;

  return (
    <section>
      <h1>Report {q.data ? q.data.period.label : ""}</h1>
      <div className="toolbar no-print">
        <label>
          Period{" "}
          <select aria-label="period" value={PRESETS.some(([v]) => v === periodParam) ? periodParam : "custom"} onChange={(e) => e.target.value !== "custom" && set(e.target.value, chosen)}>
            {PRESETS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            <option value="custom">Other (type it)</option>
          </select>
        </label>
        <form onSubmit={(e) => { e.preventDefault(); set(String(new FormData(e.currentTarget).get("p") ?? ""), chosen); }}>
          <input name="p" aria-label="period label" placeholder="2026-W48, 2026-11, 2026-Q4, 2026-11-01..2026-11-15" size={34} defaultValue={PRESETS.some(([v]) => v === periodParam) ? "" : periodParam} />{" "}
          <button type="submit">Show</button>
        </form>
        <span>
          {services.map((s) => (
            <label key={s} style={{ marginRight: 8 }}>
              <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => set(periodParam, e.target.checked ? [...chosen, s] : chosen.filter((x) => x !== s))} /> {s}
            </label>
          ))}
        </span>
      </div>
      <div className="toolbar no-print">
        <a className="button-like" href={`/api/pdf?path=${encodeURIComponent(printPath)}`} download>PDF</a>
        {q.data && <DownloadButton text={() => `# Report ${q.data.period.label}\n\n${reportMarkdown(q.data)}\n`} fileName={`report-${q.data.period.label}.md`} label="Markdown" type="text/markdown" />}
        <button type="button" onClick={() => window.print()}>Print</button>
        {q.data && <span className="muted">computed in {(q.data.tookMs / 1000).toFixed(1)} s</span>}
      </div>
      {q.isPending && <p className="loading">Computing the report…</p>}
      {q.error && <p className="panel-error" role="alert">{q.error.message}</p>}
      {q.data && <ReportBody sections={reportSections(q.data)} />}
    </section>
  );
}
