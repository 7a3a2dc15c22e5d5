import { formatValue, type Unit } from "@/lib/format/units";
import type { ChartSeries } from "@/lib/charts/types";
import { latestRatings, type VitalRating, type WebVital } from "@/lib/dashboard/web-vitals";

const CLASS: Record<VitalRating, string> = { good: "status-ok", "needs-improvement": "status-warn", poor: "status-bad" };
const TEXT: Record<VitalRating, string> = { good: "good", "needs-improvement": "needs improvement", poor: "poor" };

/** Each page's latest p75 and its rating against the web.dev thresholds, under a web-vitals chart. */
export function VitalRatings({ id, vital, unit, series }: { id: string; vital: WebVital; unit: Unit; series: ChartSeries[] }) {
  const rows = latestRatings(vital, series);
  if (rows.length === 0) return null;
  return (
    <div className="muted" data-testid={`panel-${id}-ratings`} style={{ display: "flex", flexWrap: "wrap", gap: "4px 14px", fontSize: 12, marginTop: 4 }}>
      {rows.map((r) => (
        <span key={r.name} data-rating={r.rating}>
          {r.name} {formatValue(r.value, unit)} <span className={CLASS[r.rating]}>{TEXT[r.rating]}</span>
        </span>
      ))}
    </div>
  );
}
