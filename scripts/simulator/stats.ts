/** The simulator's pure helpers: distributions, deterministic noise, the traffic curve. */

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export const SIGMA = 0.55;

export function lognormalCdf(x: number, median: number, sigma = SIGMA): number {
  if (x <= 0) return 0;
  return normalCdf((Math.log(x) - Math.log(median)) / sigma);
}

/** Deterministic pseudo-random in [0, 1) from integers (no state: history and live agree). */
export function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Traffic relative to the weekday peak: daily curve (peak 14:00 UTC) and quieter weekends. */
export function trafficShape(t: number): number {
  const d = new Date(t * 1000);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const daily = 0.22 + 0.78 * Math.pow(0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - 14)) / 24), 1.4);
  const day = d.getUTCDay();
  const weekly = day === 0 || day === 6 ? 0.72 : 1;
  return daily * weekly;
}

/** A factor 1 ± `amount`, constant within a minute. */
export function jitter(t: number, salt: number, amount: number): number {
  const minute = Math.floor(t / 60);
  return 1 + amount * (hash01(minute, salt) * 2 - 1);
}
