import { z } from "zod";
import { Refusal, kindOf, validate } from "./errors";
import { jsonSyntaxError } from "./json-syntax";
import { jsonPath, lineColumn } from "./path";
import { readChecks } from "./checks";
import {
  LOADTEST_LIMITS as LIMITS,
  splitMetricName,
  type K6Format,
  type LoadTestMetric,
  type LoadTestSummary,
  type LoadTestThreshold,
  type MetricContains,
  type MetricType,
} from "./summary";

/**
 * Reads the two JSON files k6 writes at the end of a run into one LoadTestSummary:
 * - `--summary-export`: `metrics.<name>` holds the statistics directly (`avg`, `p(95)`,
 *   `count`, `value`, …) and `thresholds: { "<expr>": <bool> }` where **true means the
 *   threshold failed** (k6 writes `!ok`, internal/js/summary-wrapper.js; before v0.30 it
 *   wrote `LastFailed`); a rate's rate is called `value`; `root_group` holds groups and
 *   checks as objects keyed by name; no types and no duration.
 * - `handleSummary`'s `data`: `metrics.<name>.{type, contains, values}`,
 *   `thresholds: { "<expr>": { ok } }` (ok = passed), `state.testRunDurationMs`,
 *   `root_group` with lists of groups and checks.
 * A file that is neither, too large or partial is refused with what is wrong and
 * where (a JSON path); nothing here throws on any input.
 */

export type ParseResult = { ok: true; summary: LoadTestSummary } | { ok: false; error: { path: string; message: string } };

const statKey = z.string().min(1).max(64);
const expression = z.string().min(1).max(LIMITS.nameLength);
const handleMetric = z.object({
  type: z.enum(["counter", "gauge", "rate", "trend"]),
  contains: z.enum(["default", "time", "data"]),
  values: z.record(statKey, z.number().nullable()),
  thresholds: z.record(expression, z.object({ ok: z.boolean() })).optional(),
});
const exportMetric = z.object({ thresholds: z.record(expression, z.boolean()).optional() }).catchall(z.number().nullable());
const state = z.object({ testRunDurationMs: z.number().nonnegative().optional() });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `--summary-export` records no type: read it off the fields k6 writes for each kind of sink. */
function inferType(v: Record<string, unknown>): MetricType | null {
  if ("passes" in v || "fails" in v) return "rate";
  if ("value" in v) return "gauge";
  const stats = Object.keys(v).filter((k) => k !== "thresholds");
  if ("rate" in v && "count" in v && stats.length === 2) return "counter";
  return stats.some((k) => ["avg", "min", "med", "max", "count"].includes(k) || /^p\(.+\)$/.test(k)) ? "trend" : null;
}

const TIME = new Set(["http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking", "http_req_sending", "http_req_waiting", "http_req_receiving", "iteration_duration", "group_duration", "grpc_req_duration", "ws_connecting", "ws_session", "ws_ping"]);
const DATA = new Set(["data_sent", "data_received"]);

function inferContains(name: string): MetricContains {
  const { base } = splitMetricName(name);
  if (TIME.has(base) || (base.startsWith("browser_") && !base.endsWith("_cls"))) return "time";
  return DATA.has(base) ? "data" : "default";
}

function detectFormat(root: Record<string, unknown>, metrics: Record<string, unknown>): K6Format {
  if ("state" in root || "options" in root) return "handle-summary";
  return Object.values(metrics).some((m) => isObject(m) && ("values" in m || "type" in m)) ? "handle-summary" : "summary-export";
}

interface Context {
  notes: Set<string>;
}

/** Statistics without nulls (JSON has no NaN: k6's JavaScript writes it as null), with a rate's numbers made whole. */
function finishValues(name: string, type: MetricType, raw: Record<string, number | null>, path: PropertyKey[], ctx: Context): Record<string, number> {
  const where = jsonPath(["metrics", name]);
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === null) ctx.notes.add(`${jsonPath([...path, k])} is null (k6 writes NaN as null): left out`);
    else values[k] = v;
  }
  const need = (key: string, why: string) => {
    if (values[key] === undefined) throw new Refusal(jsonPath([...path, key]), `missing (${why})`);
  };
  if (type === "counter") need("count", "a counter reports its count");
  if (type === "gauge") need("value", "a gauge reports its value");
  if (type === "trend" && Object.keys(values).length === 0) throw new Refusal(jsonPath(path), "a trend with no statistics");
  if (type === "rate") {
    need("passes", "a rate metric reports passes and fails");
    need("fails", "a rate metric reports passes and fails");
    const total = values.passes! + values.fails!;
    const rate = total > 0 ? values.passes! / total : (values.rate ?? 0);
    if (values.rate !== undefined && Math.abs(values.rate - rate) > 1e-12) {
      ctx.notes.add(`${where}: the file's rate ${values.rate} disagrees with its passes and fails (${values.passes} of ${total}; k6 before v0.30 wrote 0 in --summary-export); the console uses passes ÷ (passes + fails)`);
    }
    values.rate = rate;
  }
  if (Object.keys(values).length > LIMITS.valuesPerMetric) throw new Refusal(jsonPath(path), `more than ${LIMITS.valuesPerMetric} statistics`);
  return values;
}

function readMetric(format: K6Format, name: string, raw: unknown, ctx: Context): { metric: LoadTestMetric; thresholds: LoadTestThreshold[] } {
  const path: PropertyKey[] = ["metrics", name];
  if (name.length > LIMITS.nameLength) throw new Refusal(jsonPath(["metrics"]), `a metric name longer than ${LIMITS.nameLength} characters`);
  if (!isObject(raw)) throw new Refusal(jsonPath(path), `expected an object, got ${kindOf(raw)}`);
  if (format === "handle-summary") {
    const m = validate(handleMetric, raw, path);
    const values = finishValues(name, m.type, m.values, [...path, "values"], ctx);
    const thresholds = Object.entries(m.thresholds ?? {}).map(([expression, t]) => ({ metric: name, expression, k6: t.ok ? ("passed" as const) : ("failed" as const) }));
    return { metric: { name, type: m.type, contains: m.contains, inferred: false, values }, thresholds };
  }
  if ("values" in raw || "type" in raw) throw new Refusal(jsonPath(path), "this metric has handleSummary's shape (type, values) while the others have --summary-export's");
  if (Object.keys(raw).length > LIMITS.valuesPerMetric + 1) throw new Refusal(jsonPath(path), `more than ${LIMITS.valuesPerMetric} statistics`);
  const m = validate(exportMetric, raw, path);
  const { thresholds: flags, ...stats } = m;
  const type = inferType(raw);
  if (!type) throw new Refusal(jsonPath(path), "no statistics k6 writes (count, rate, value, passes and fails, avg, med, p(N), …): cannot tell what kind of metric this is");
  if (type === "rate") {
    // --summary-export calls a rate's rate `value`
    if ("value" in stats) stats.rate = stats.value!;
    delete stats.value;
  }
  const values = finishValues(name, type, stats as Record<string, number | null>, path, ctx);
  // true = the threshold failed: k6 writes `!ok` here (LastFailed before v0.30)
  const thresholds = Object.entries(flags ?? {}).map(([expression, failed]) => ({ metric: name, expression, k6: failed ? ("failed" as const) : ("passed" as const) }));
  return { metric: { name, type, contains: inferContains(name), inferred: true, values }, thresholds };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (text.trim() === "") throw new Refusal("", "the file is empty");
    const at = jsonSyntaxError(text);
    throw new Refusal("", at ? `not valid JSON at ${lineColumn(text, at.offset)}: expected ${at.expected}` : "not valid JSON");
  }
}

const sizeOf = (text: string) => (text.length > LIMITS.fileBytes ? text.length : new TextEncoder().encode(text).length);

function read(text: string): LoadTestSummary {
  const bytes = sizeOf(text);
  if (bytes > LIMITS.fileBytes) throw new Refusal("", `the file has ${(bytes / 1e6).toFixed(1)} MB; a k6 summary is far smaller and the console takes at most ${LIMITS.fileBytes / 1e6} MB`);
  const root = parseJson(text);
  if (!isObject(root)) throw new Refusal("", `expected a JSON object (k6's summary), got ${kindOf(root)}`);
  if (!("metrics" in root) && "results" in root && "version" in root) {
    throw new Refusal("", "this is k6's new machine-readable summary (--new-machine-readable-summary), which the console does not read yet: export with --summary-export without that flag, or write handleSummary's data");
  }
  if (!("metrics" in root)) throw new Refusal("metrics", "missing: every k6 summary has a metrics object");
  const metrics = root.metrics;
  if (!isObject(metrics)) throw new Refusal("metrics", `expected an object, got ${kindOf(metrics)}`);
  const names = Object.keys(metrics);
  if (names.length === 0) throw new Refusal("metrics", "empty: the run recorded no metric");
  if (names.length > LIMITS.metrics) throw new Refusal("metrics", `${names.length} metrics; the console takes at most ${LIMITS.metrics}`);
  const format = detectFormat(root, metrics);
  const ctx: Context = { notes: new Set() };
  const parsed = names.map((n) => readMetric(format, n, metrics[n], ctx));
  const thresholds = parsed.flatMap((r) => r.thresholds);
  if (thresholds.length > LIMITS.thresholds) throw new Refusal("metrics", `${thresholds.length} thresholds; the console takes at most ${LIMITS.thresholds}`);
  const all = parsed.map((r) => r.metric);
  const byName = new Map(all.map((m) => [m.name, m]));

  let durationMs: number | null = null;
  let durationSource: LoadTestSummary["durationSource"] = null;
  if (format === "handle-summary" && root.state !== undefined) {
    const s = validate(state, root.state, ["state"]);
    if (s.testRunDurationMs !== undefined) [durationMs, durationSource] = [s.testRunDurationMs, "state"];
  }
  if (durationMs === null) {
    const counter = [byName.get("http_reqs"), byName.get("iterations")].find((m) => m?.type === "counter" && m.values.rate! > 0);
    if (counter) {
      durationMs = (counter.values.count! / counter.values.rate!) * 1000;
      durationSource = "derived";
      ctx.notes.add(`the file does not record the run's duration: derived from ${counter.name} (count ÷ rate)`);
    }
  }
  if (format === "summary-export") ctx.notes.add("--summary-export records no metric types: each was read off its fields (passes and fails: rate; value: gauge; count and rate: counter; other statistics: trend)");

  const checks = readChecks(root.root_group, byName.get("checks"));
  const vus = byName.get("vus_max") ?? byName.get("vus");
  const failed = thresholds.some((t) => t.k6 === "failed");
  return {
    schema: 1,
    format,
    metrics: all,
    thresholds,
    k6Verdict: thresholds.length === 0 ? null : failed ? "failed" : "passed",
    checks,
    durationMs,
    durationSource,
    vusMax: vus ? (vus.values.max ?? vus.values.value ?? null) : null,
    iterations: byName.get("iterations")?.values.count ?? null,
    requests: byName.get("http_reqs")?.values.count ?? null,
    notes: [...ctx.notes],
  };
}

export function parseK6Summary(text: string): ParseResult {
  try {
    return { ok: true, summary: read(text) };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: { path: err.path, message: err.message } };
    throw err;
  }
}
