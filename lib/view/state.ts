import { parseDurationSeconds, RANGE_PRESETS, type RangePreset } from "@/lib/promql/time-range";

/**
 * The whole state of a dashboard view lives in the URL, so a pasted link shows the
 * same thing: the range (relative preset or absolute from/to), auto-refresh, the
 * previous-period overlay and the time zone. Pure; invalid values fall back to
 * defaults rather than breaking the page.
 */

export const REFRESH_OPTIONS = ["off", "10s", "30s", "1m", "5m"] as const;
export type Refresh = (typeof REFRESH_OPTIONS)[number];

export type RangeSpec = { kind: "relative"; preset: RangePreset } | { kind: "absolute"; from: number; to: number };

export interface ViewState {
  range: RangeSpec;
  refresh: Refresh;
  compare: boolean;
  tz: "local" | "utc";
}

export const DEFAULT_VIEW: ViewState = { range: { kind: "relative", preset: "1h" }, refresh: "off", compare: false, tz: "local" };

type Params = { get(name: string): string | null };

function parseTime(v: string | null): number | undefined {
  if (!v) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

export function parseViewState(params: Params): ViewState {
  const from = parseTime(params.get("from"));
  const to = parseTime(params.get("to"));
  const preset = params.get("range");
  let range: RangeSpec = DEFAULT_VIEW.range;
  if (from !== undefined && to !== undefined && to > from) range = { kind: "absolute", from, to };
  else if ((RANGE_PRESETS as readonly string[]).includes(preset ?? "")) range = { kind: "relative", preset: preset as RangePreset };
  const refresh = params.get("refresh");
  return {
    range,
    refresh: (REFRESH_OPTIONS as readonly string[]).includes(refresh ?? "") ? (refresh as Refresh) : DEFAULT_VIEW.refresh,
    compare: params.get("compare") === "1",
    tz: params.get("tz") === "utc" ? "utc" : "local",
  };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** Query string for a state, leaving out defaults (short links). */
export function serializeViewState(state: ViewState): string {
  const p = new URLSearchParams();
  if (state.range.kind === "absolute") {
    p.set("from", iso(state.range.from));
    p.set("to", iso(state.range.to));
  } else if (state.range.preset !== (DEFAULT_VIEW.range as { preset: string }).preset) p.set("range", state.range.preset);
  if (state.refresh !== "off") p.set("refresh", state.refresh);
  if (state.compare) p.set("compare", "1");
  if (state.tz === "utc") p.set("tz", "utc");
  return p.toString();
}

/** [from, to] in unix seconds for a range spec at `now`. */
export function resolveRange(range: RangeSpec, nowSeconds: number): { from: number; to: number } {
  if (range.kind === "absolute") return { from: range.from, to: range.to };
  const seconds = parseDurationSeconds(range.preset) ?? 3600;
  return { from: nowSeconds - seconds, to: nowSeconds };
}

/** Auto-refresh in ms, never faster than the data's step (a faster refresh could not show anything new). */
export function refreshIntervalMs(refresh: Refresh, stepSeconds: number): number | false {
  if (refresh === "off") return false;
  const seconds = parseDurationSeconds(refresh) ?? 60;
  return Math.max(seconds, stepSeconds) * 1000;
}

/** A path segment as the browser sent it, decoded; undefined for a malformed %-escape. Pure. */
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
