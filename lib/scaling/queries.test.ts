import { describe, expect, it } from "vitest";
import { metricPlans } from "./hpa-spec";
import { demandQuery, podUsageQuery, replicasQuery } from "./queries";
import { referenceHpaSpec } from "./reference";

const w = { namespace: "shop", name: "order" };

describe("PromQL for a workload's demand", () => {
  it("rebuilds each metric of the reference HPA as Σ over the pods", () => {
    const [cpu, memory, rps] = metricPlans(referenceHpaSpec()).map((p) => demandQuery(p, { namespace: "shop", name: "order-service" }));
    expect(cpu).toBe(
      '100 * sum(rate(container_cpu_usage_seconds_total{namespace="shop",pod=~"order-service-[a-z0-9]{1,10}-[a-z0-9]{5}",container!=""}[2m])) / avg(sum by (pod) (kube_pod_container_resource_requests{namespace="shop",pod=~"order-service-[a-z0-9]{1,10}-[a-z0-9]{5}",container!="",resource="cpu"}))',
    );
    expect(memory).toMatch(/^100 \* sum\(container_memory_working_set_bytes\{/);
    expect(rps).toBe('sum(rate(http_requests_total{service="order-service"}[2m]))');
    expect(replicasQuery(w)).toBe('sum(kube_deployment_status_replicas{namespace="shop",deployment="order"})');
  });

  it("selects the Deployment's own pods, not those of one whose name starts the same", () => {
    const pod = /pod=~"([^"]+)"/.exec(podUsageQuery(w, "cpu"))![1]!;
    const re = new RegExp(`^(?:${pod.replace(/\\\\/g, "\\")})$`);
    expect(re.test("order-7c9d5f-x2k9q")).toBe(true);
    expect(re.test("order-service-7c9ddf-x2k9q")).toBe(false);
    expect(re.test("order-7c9d5f")).toBe(false);
  });

  it("escapes what it splices in", () => {
    const q = demandQuery(metricPlans({})[0]!, { namespace: 'a"b', name: "x.y" })!;
    expect(q).toContain('namespace="a\\"b"');
    expect(q).toContain('pod=~"x\\\\.y-[a-z0-9]{1,10}-[a-z0-9]{5}"');
    expect(demandQuery({ kind: "pods", metric: 'bad"}) or vector(1', target: 1, label: "x" }, w)).toBeNull();
  });
});
