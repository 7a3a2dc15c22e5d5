/** Unit formatting for panels and tables. Pure. */

export type Unit = "seconds" | "ratio" | "reqps" | "bytes" | "number";

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatSeconds(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0 s";
  if (a < 1e-3) return `${trim(v * 1e6, 0)} µs`;
  if (a < 1) return `${trim(v * 1e3, a < 0.01 ? 2 : 1)} ms`;
  if (a < 60) return `${trim(v, 2)} s`;
  return `${trim(v / 60, 1)} min`;
}

export function formatRatio(v: number): string {
  const pct = v * 100;
  const a = Math.abs(pct);
  if (a === 0) return "0%";
  if (a < 0.01) return "<0.01%";
  return `${trim(pct, a < 1 ? 3 : 2)}%`;
}

export function formatRate(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return `${trim(v / 1000, 2)}k req/s`;
  return `${trim(v, a < 10 ? 2 : 1)} req/s`;
}

export function formatBytes(v: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${trim(x, i === 0 ? 0 : 1)} ${units[i]}`;
}

export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  switch (unit) {
    case "seconds":
      return formatSeconds(v);
    case "ratio":
      return formatRatio(v);
    case "reqps":
      return formatRate(v);
    case "bytes":
      return formatBytes(v);
    default:
      return trim(v, 3);
  }
}
