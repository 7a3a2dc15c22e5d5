import { describe, expect, it } from "vitest";
import { validateSloSpec, type SloSpec } from "@/lib/slo/spec";
import { sliAndWindow, type SliWindowForm } from "./form-spec";

const base: SloSpec = {
  name: "checkout-good",
  service: "order-service",
  labels: {},
  objective: 99.5,
  window: { kind: "calendar", unit: "month", timeZone: "Europe/Berlin" },
  sli: { kind: "ratio-good", goodQuery: 'sum(rate(http_requests_total{status!~"5.."}[{{.window}}]))', totalQuery: "sum(rate(http_requests_total[{{.window}}]))" },
  alerting: { name: "CheckoutGood", pageTiers: { fast: true, slow: true }, ticketTiers: { fast: true, slow: true }, pageLabels: {}, ticketLabels: {}, annotations: {} },
};
// what the form shows for such a spec: its defaults, since it cannot show good/total
const form: SliWindowForm = {
  service: "order-service",
  windowChoice: "month",
  kind: "ratio",
  errorQuery: "sum(rate(errors[{{.window}}]))",
  totalQuery: "sum(rate(total[{{.window}}]))",
  metric: "http_request_duration_seconds",
  threshold: "0.5",
  job: "order-service",
  sliTouched: false,
  windowTouched: false,
};

describe("sliAndWindow", () => {
  it("keeps what the form cannot show until that part is edited", () => {
    expect(sliAndWindow(base, form)).toEqual({ window: base.window, sli: base.sli });
  });

  it("replaces the SLI only when the user edits it, keeping the calendar time zone when only the unit changes", () => {
    const edited = sliAndWindow(base, { ...form, sliTouched: true, windowTouched: true, windowChoice: "quarter" });
    expect(edited.sli).toEqual({ kind: "ratio", errorQuery: form.errorQuery, totalQuery: form.totalQuery });
    expect(edited.window).toEqual({ kind: "calendar", unit: "quarter", timeZone: "Europe/Berlin" });
    expect(sliAndWindow(base, { ...form, windowTouched: true, windowChoice: "28" }).window).toEqual({ kind: "rolling", days: 28 });
  });

  it("keeps a latency selector's other labels, and follows a new service", () => {
    const latency: SloSpec = { ...base, window: { kind: "rolling", days: 30 }, sli: { kind: "latency", metric: "http_request_duration_seconds", thresholdSeconds: 0.25, selector: { service: "order-service", endpoint: "/api/orders" } } };
    const f = { ...form, kind: "latency" as const, threshold: "0.25", windowChoice: "30" as const };
    expect(sliAndWindow(latency, f).sli).toBe(latency.sli);
    expect(sliAndWindow(latency, { ...f, sliTouched: true, threshold: "0.5" }).sli).toEqual({ kind: "latency", metric: "http_request_duration_seconds", thresholdSeconds: 0.5, selector: { service: "order-service", endpoint: "/api/orders" } });
    expect(sliAndWindow(latency, { ...f, service: "payment-service" }).sli).toMatchObject({ selector: { service: "payment-service", endpoint: "/api/orders" } });
  });

  it("builds a valid spec from the form alone for a new SLO", () => {
    const out = sliAndWindow(undefined, { ...form, windowChoice: "30" });
    expect(out).toEqual({ window: { kind: "rolling", days: 30 }, sli: { kind: "ratio", errorQuery: form.errorQuery, totalQuery: form.totalQuery } });
    expect(validateSloSpec({ ...base, ...out })).toMatchObject({ ok: true });
  });
});
