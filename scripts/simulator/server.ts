import http from "node:http";
import { randomUUID } from "node:crypto";
import { DEFAULT_MAGNITUDE, INCIDENT_KINDS, SERVICES, type Incident, type IncidentKind } from "./catalog";
import { OPENMETRICS_CONTENT_TYPE, openMetrics } from "./exposition";
import { KUBERNETES_TARGET, type Simulation } from "./model";

/**
 * The simulator's HTTP face:
 *   GET    /metrics/<service> | /metrics/kubernetes   OpenMetrics scrape (503 during an outage)
 *   GET    /incidents                                 incidents, past and active
 *   POST   /incidents  {service, kind, duration?, magnitude?}   inject one now
 *   DELETE /incidents/<id>                            end one early
 *   GET    /healthz
 *   POST   /traces/batch-import {items}               a large trace now (2 + 4 spans per item); 201 {traceId, spans}
 *   GET    /traces/stats                              spans sent to / dropped by the OTLP receiver
 *   GET    /autoscaling/hpa                           each HPA's replicas, desired replicas, bounds, last scale time
 *   GET    /autoscaling/vpa                           each VPA's update mode, requests now, last recommendation
 *   PUT    /autoscaling/{hpa|vpa}/<service> {spec}    the cluster's HPA / VPA spec changed: follow it from now on
 */

/** The simulator's traces, when it sends them (--otlp). */
export interface TraceFeed {
  stats(): { sentSpans: number; droppedSpans: number; failedRequests: number; lastError: string };
  batchImport(items: number): Promise<{ traceId: string; spans: number }>;
}

function durationSeconds(v: unknown): number | undefined {
  if (typeof v === "number" && v > 0) return v;
  if (typeof v !== "string") return undefined;
  const m = /^(\d+)(s|m|h)$/.exec(v);
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as "s" | "m" | "h"];
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body, null, 2) + "\n");
}

/** The request's JSON object body, or a 400 saying it is not one. */
function withJsonBody(req: http.IncomingMessage, res: http.ServerResponse, then: (input: Record<string, unknown>) => void) {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    let input: unknown;
    try {
      input = JSON.parse(body || "{}");
    } catch {
      return json(res, 400, { error: "body: expected JSON" });
    }
    if (!input || typeof input !== "object" || Array.isArray(input)) return json(res, 400, { error: "body: expected a JSON object" });
    then(input as Record<string, unknown>);
  });
}

export function createSimulatorServer(sim: Simulation, now: () => number = () => Date.now() / 1000, traces?: TraceFeed): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    sim.advanceTo(now());
    const metrics = /^\/metrics\/([a-z-]+)$/.exec(url.pathname);
    if (req.method === "GET" && metrics) {
      const target = metrics[1] as string;
      if (target !== KUBERNETES_TARGET && !SERVICES.some((s) => s.name === target)) {
        return json(res, 404, { error: `unknown target ${target}` });
      }
      if (sim.down.has(target)) {
        res.writeHead(503, { "content-type": "text/plain" });
        return res.end(`${target} is down (simulated outage)\n`);
      }
      res.writeHead(200, { "content-type": OPENMETRICS_CONTENT_TYPE });
      return res.end(openMetrics(sim.seriesOf(target)));
    }
    if (url.pathname === "/healthz") return json(res, 200, { ok: true, time: sim.time });
    if (url.pathname === "/incidents" && req.method === "GET") {
      const t = now();
      return json(res, 200, sim.incidents.map((i) => ({ ...i, active: i.start <= t && t < i.end })));
    }
    if (url.pathname === "/incidents" && req.method === "POST") {
      withJsonBody(req, res, (input) => {
        const service = String(input.service ?? "");
        const kind = String(input.kind ?? "") as IncidentKind;
        if (!SERVICES.some((s) => s.name === service)) {
          return json(res, 400, { error: `service: expected one of ${SERVICES.map((s) => s.name).join(", ")}` });
        }
        if (!INCIDENT_KINDS.includes(kind)) return json(res, 400, { error: `kind: expected one of ${INCIDENT_KINDS.join(", ")}` });
        const duration = input.duration === undefined ? 300 : durationSeconds(input.duration);
        if (duration === undefined) return json(res, 400, { error: 'duration: expected seconds or "90s", "5m", "1h"' });
        const magnitude = input.magnitude === undefined ? DEFAULT_MAGNITUDE[kind] : Number(input.magnitude);
        if (!Number.isFinite(magnitude) || magnitude <= 0) return json(res, 400, { error: "magnitude: expected a positive number" });
        const start = now();
        const incident: Incident = { id: randomUUID().slice(0, 8), service, kind, start, end: start + duration, magnitude };
        sim.incidents.push(incident);
        return json(res, 201, incident);
      });
      return;
    }
    if (url.pathname.startsWith("/traces/")) {
      if (!traces) return json(res, 404, { error: "traces are off: start the simulator with --otlp" });
      if (url.pathname === "/traces/stats" && req.method === "GET") return json(res, 200, traces.stats());
      if (url.pathname === "/traces/batch-import" && req.method === "POST") {
        withJsonBody(req, res, (input) => {
          const items = Number(input.items ?? 250);
          if (!Number.isInteger(items) || items < 1 || items > 5000) return json(res, 400, { error: "items: expected a whole number from 1 to 5000" });
          traces.batchImport(items).then(
            (r) => json(res, 201, r),
            (err: unknown) => json(res, 502, { error: err instanceof Error ? err.message : String(err) }),
          );
        });
        return;
      }
    }
    if (url.pathname === "/autoscaling/hpa" && req.method === "GET") return json(res, 200, sim.autoscaling());
    if (url.pathname === "/autoscaling/vpa" && req.method === "GET") return json(res, 200, sim.verticalAutoscaling());
    const scaler = /^\/autoscaling\/(hpa|vpa)\/([a-z-]+)$/.exec(url.pathname);
    if (scaler && req.method === "PUT") {
      const [, kind, service] = scaler as unknown as [string, "hpa" | "vpa", string];
      withJsonBody(req, res, (input) => {
        const spec = input.spec;
        if (!spec || typeof spec !== "object" || Array.isArray(spec)) return json(res, 400, { error: `spec: expected the ${kind === "hpa" ? "HPA's spec (autoscaling/v2)" : "VPA's spec (autoscaling.k8s.io/v1)"} as an object` });
        try {
          const known = kind === "hpa" ? sim.setHpaSpec(service, spec as Record<string, unknown>) : sim.setVpaSpec(service, spec as Record<string, unknown>);
          if (!known) return json(res, 404, { error: `no simulated workload ${service}` });
        } catch (err) {
          return json(res, 400, { error: `spec: ${err instanceof Error ? err.message : String(err)}` });
        }
        return json(res, 200, (kind === "hpa" ? sim.autoscaling() : sim.verticalAutoscaling()).find((a) => a.service === service));
      });
      return;
    }
    const del = /^\/incidents\/([\w-]+)$/.exec(url.pathname);
    if (del && req.method === "DELETE") {
      const found = sim.incidents.find((i) => i.id === del[1]);
      if (!found) return json(res, 404, { error: `no incident ${del[1]}` });
      found.end = Math.min(found.end, now());
      return json(res, 200, found);
    }
    json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  });
}
