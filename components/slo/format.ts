/** Display helpers for SLO figures. Pure. */

export function pct(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${Number((v * 100).toFixed(digits))}%`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "not burning";
  if (!Number.isFinite(seconds)) return "—";
  if (seconds <= 0) return "exhausted";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds > 365 * 86_400) return "over a year";
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function burn(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)}×`;
}
