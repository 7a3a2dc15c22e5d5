import { defaultAlertName, type SloSpec } from "./spec";

/**
 * The SLOs the demo ships for each reference service: request availability at
 * 99.9 % (no 5xx) and p95 latency (95 % of requests within 0.5 s, the reference
 * HighResponseTime threshold), both over a rolling 30 days. Pure.
 */
export function demoSlos(services: readonly string[]): SloSpec[] {
  return services.flatMap((service): SloSpec[] => {
    const alerting = (name: string, what: string) => ({
      name: defaultAlertName(service, name),
      pageTiers: { fast: true, slow: true },
      ticketTiers: { fast: true, slow: true },
      pageLabels: { severity: "critical" },
      ticketLabels: { severity: "warning" },
      annotations: { summary: `${service}: ${what} is burning its error budget` },
    });
    return [
      {
        name: "requests-availability",
        service,
        description: `Share of ${service} requests answered without a 5xx`,
        owner: "platform-team",
        labels: { tier: "reference" },
        objective: 99.9,
        window: { kind: "rolling", days: 30 },
        sli: {
          kind: "ratio",
          errorQuery: `sum(rate(http_requests_total{service="${service}",status=~"5.."}[{{.window}}]))`,
          totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`,
        },
        alerting: alerting("requests-availability", "availability"),
      },
      {
        name: "requests-latency-p95",
        service,
        description: `95 % of ${service} requests within 0.5 s`,
        owner: "platform-team",
        labels: { tier: "reference" },
        objective: 95,
        window: { kind: "rolling", days: 30 },
        sli: { kind: "latency", metric: "http_request_duration_seconds", thresholdSeconds: 0.5, selector: { service } },
        alerting: alerting("requests-latency-p95", "p95 latency"),
      },
    ];
  });
}
