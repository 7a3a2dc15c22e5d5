import { Sparkline } from "@/components/roadmap/sparkline";
import { fmt, lastMetText, quarterLabel, TARGET_STATUS, targetText } from "@/components/roadmap/format";
import type { RoadmapView } from "@/lib/roadmap/load";

/** The roadmap as a monthly review froze it: each item, its target, met / at risk / missed, last met. */
export function RoadmapSection({ roadmap, error }: { roadmap?: RoadmapView; error?: string }) {
  if (error) return <p className="panel-error" role="alert">The roadmap could not be evaluated: {error}</p>;
  if (!roadmap) return null;
  return (
    <>
      <p className="muted">Evaluated {new Date(roadmap.evaluatedAt * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC, with {Math.round(roadmap.historySeconds / 86400)} days of history.</p>
      <table data-testid="review-roadmap">
        <thead><tr><th>Quarter</th><th>Item</th><th>Status</th><th>Owner</th><th>Target</th><th>Now</th><th>Last met</th><th /></tr></thead>
        <tbody>
          {roadmap.items.map((item) => {
            const ev = item.evaluation;
            const t = item.target;
            return (
              <tr key={item.id} data-title={item.title}>
                <td>{quarterLabel(item.quarter)}</td>
                <td>{item.title}</td>
                <td>{item.status.replace("_", " ")}</td>
                <td>{item.owner}</td>
                <td>{t ? targetText(t) : "—"}</td>
                <td>
                  {t && ev?.ok ? (
                    <>
                      <span className={TARGET_STATUS[ev.data.status].className} style={{ fontWeight: 600 }}>{TARGET_STATUS[ev.data.status].label}</span> {fmt(ev.data.live.value, t.unit)}
                    </>
                  ) : t && ev && !ev.ok ? <span className="bad">{ev.error.message}</span> : null}
                </td>
                <td>{t && ev?.ok ? lastMetText(ev.data.lastMet, ev.data.live.at, roadmap.historySeconds) : ""}</td>
                <td>{t && ev?.ok ? <Sparkline points={ev.data.sparkline} threshold={t.threshold} className={TARGET_STATUS[ev.data.status].className} label={`${item.title}: history`} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
