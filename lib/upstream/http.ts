import { Agent, request, type Dispatcher } from "undici";
import type { BackendConfig } from "@/lib/config";
import { consoleMetrics } from "@/lib/telemetry/metrics";
import { UpstreamError } from "./errors";

export interface RequestOptions {
  method?: "GET" | "POST" | "DELETE" | "PATCH" | "PUT";
  query?: Record<string, string | string[] | undefined>;
  form?: Record<string, string | string[] | undefined>;
  json?: unknown;
  /** a raw body and its content type, e.g. YAML for the ruler API */
  text?: { body: string; contentType: string };
  /** overrides the default Accept: application/json */
  accept?: string;
  signal?: AbortSignal;
  /** Label for the console's own metrics, e.g. "query_range"; never the full URL. */
  endpoint: string;
  timeoutMs?: number;
  /** the most of an answer's body read before giving up (default MAX_RESPONSE_BYTES) */
  maxBytes?: number;
}

/** One backend answer is read up to this size: a runaway query cannot fill the console's memory. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

function appendParams(params: URLSearchParams, values: Record<string, string | string[] | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
}

export function authHeaders(cfg: BackendConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  if (cfg.bearerToken) headers.authorization = `Bearer ${cfg.bearerToken}`;
  else if (cfg.username !== undefined && cfg.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString("base64")}`;
  }
  if (cfg.tenant) headers[cfg.tenantHeader ?? "x-scope-orgid"] = cfg.tenant;
  return headers;
}

const agents = new Map<string, Agent>();

/** A backend with its own certificate authority (a Kubernetes API server) gets an agent that trusts it, and only it. */
function dispatcherFor(cfg: BackendConfig): Dispatcher | undefined {
  if (!cfg.ca) return undefined;
  let agent = agents.get(cfg.ca);
  if (!agent) {
    agent = new Agent({ connect: { ca: cfg.ca } });
    agents.set(cfg.ca, agent);
  }
  return agent;
}

function networkMessage(cfg: BackendConfig, err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string; message?: string } } | undefined;
  const detail = e?.cause?.code ?? e?.code ?? e?.cause?.message ?? (err instanceof Error ? err.message : String(err));
  return `${cfg.name} at ${cfg.url} is unreachable (${detail})`;
}

/**
 * One HTTP request to a backend with auth, tenant header, timeout, cancellation and
 * metrics. Network failures become UpstreamError; the status is left to the caller,
 * because each API reports errors in its own body format.
 *
 * Sent with undici's `request` rather than `fetch`: inside Next.js, `fetch` is
 * wrapped for its data cache and tracing, and each call also builds WHATWG streams;
 * a dashboard sends ~20 of these at once, and every millisecond spent issuing them
 * or reading their bodies is on the page's critical path (docs/PERFORMANCE.md).
 */
export async function requestRaw(cfg: BackendConfig, path: string, opts: RequestOptions): Promise<RawResponse> {
  const url = new URL(cfg.url + path);
  if (opts.query) appendParams(url.searchParams, opts.query);
  const headers: Record<string, string> = { accept: opts.accept ?? "application/json", ...authHeaders(cfg) };
  let body: string | undefined;
  if (opts.form) {
    const form = new URLSearchParams();
    appendParams(form, opts.form);
    body = form.toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] = "application/json";
  } else if (opts.text) {
    body = opts.text.body;
    headers["content-type"] = opts.text.contentType;
  }
  const timeoutMs = opts.timeoutMs ?? cfg.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const timer = consoleMetrics().upstreamDuration.startTimer({ backend: cfg.name, endpoint: opts.endpoint });
  try {
    const res = await request(url, { method: opts.method ?? "GET", headers, body, signal, dispatcher: dispatcherFor(cfg) });
    const maxBytes = opts.maxBytes ?? MAX_RESPONSE_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        res.body.destroy();
        timer({ outcome: "too_large" });
        throw new UpstreamError(
          cfg.name,
          "bad_response",
          `${cfg.name} answered ${opts.endpoint} with more than ${mib(maxBytes)}, the most the console reads of one answer; narrow the query (fewer series, a shorter range or a coarser step)`,
        );
      }
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks, size).toString("utf8");
    timer({ outcome: res.statusCode >= 200 && res.statusCode < 300 ? "ok" : `http_${res.statusCode}` });
    const type = res.headers["content-type"];
    return { status: res.statusCode, contentType: (Array.isArray(type) ? type[0] : type) ?? "", text };
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    if (opts.signal?.aborted) {
      timer({ outcome: "aborted" });
      throw new UpstreamError(cfg.name, "aborted", `${cfg.name} request cancelled`);
    }
    if (timeout.aborted) {
      timer({ outcome: "timeout" });
      throw new UpstreamError(cfg.name, "timeout", `${cfg.name} did not answer within ${timeoutMs / 1000}s`);
    }
    timer({ outcome: "unreachable" });
    throw new UpstreamError(cfg.name, "unreachable", networkMessage(cfg, err));
  }
}

export function parseJson(cfg: BackendConfig, res: RawResponse, what: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    const snippet = res.text.slice(0, 200).trim();
    throw new UpstreamError(
      cfg.name,
      res.status >= 400 ? "http" : "bad_response",
      `${cfg.name} answered ${what} with HTTP ${res.status} and a body that is not JSON${snippet ? `: ${snippet}` : ""}`,
      res.status,
    );
  }
}
