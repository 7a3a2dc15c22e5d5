import { describe, expect, it } from "vitest";
import { validateHpa } from "./validate-hpa";
import { DNS_LABEL_MSG, edit, err, LABEL_NAME_MSG, referenceHpa } from "./validate-test-fixtures";

/** The reference HPA with these metrics instead of its own. */
const withMetrics = (...metrics: unknown[]) => edit(referenceHpa(), "spec.metrics", metrics);
const utilization = (averageUtilization: number) => ({ type: "Utilization", averageUtilization });
const resource = (target: unknown, name = "cpu") => ({ type: "Resource", resource: { name, target } });
const pods = (target: unknown, name = "http_requests_per_second") => ({ type: "Pods", pods: { metric: { name }, target } });
const containerResource = (name: string, container: string | undefined, target: unknown = utilization(60)) => ({
  type: "ContainerResource",
  containerResource: { name, container, target },
});
const external = (target: unknown) => ({ type: "External", external: { metric: { name: "queue_depth" }, target } });
const object = (describedObject: unknown, target: unknown) => ({
  type: "Object",
  object: { describedObject, metric: { name: "requests_per_second" }, target },
});
const ingress = { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" };
const SOURCE_TYPES = `supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`;
const m0 = "spec.metrics[0]";

describe("metric source type", () => {
  it("requires a type and names the supported ones", () => {
    expect(validateHpa(withMetrics({ resource: { name: "cpu", target: utilization(70) } }))).toEqual([
      err(`${m0}.type`, "Required value: must specify a metric source type"),
      err(`${m0}.type`, `Unsupported value: "": ${SOURCE_TYPES}`),
    ]);
  });

  it("refuses an unknown type once (the server lists it twice in causes, once in its message)", () => {
    expect(validateHpa(withMetrics({ ...resource(utilization(70)), type: "Prometheus" }))).toEqual([
      err(`${m0}.type`, `Unsupported value: "Prometheus": ${SOURCE_TYPES}`),
    ]);
  });

  it("requires the member the type names", () => {
    expect(validateHpa(withMetrics({ type: "Pods", resource: { name: "cpu", target: utilization(70) } }))).toEqual([
      err(`${m0}.pods`, "Required value: must populate information for the given metric source"),
    ]);
  });

  it("forbids other members, validating only the first present one (object, external, pods, resource, containerResource)", () => {
    // resource's averageUtilization 0 goes unreported: pods comes first and is the one validated
    const both = { ...resource(utilization(0)), pods: pods({ type: "AverageValue", averageValue: "10" }).pods };
    expect(validateHpa(withMetrics(both))).toEqual([err(`${m0}.pods`, "Forbidden: must populate the given metric source only")]);
  });

  it("checks every metric, each at its index", () => {
    expect(validateHpa(withMetrics(resource(utilization(70)), resource(utilization(0), "memory")))).toEqual([
      err("spec.metrics[1].resource.target.averageUtilization", "Invalid value: 0: must be greater than 0"),
    ]);
  });

  it("accepts an empty list (the server puts in CPU at 80 %)", () => {
    expect(validateHpa(withMetrics())).toEqual([]);
  });
});

describe("metric target", () => {
  it("requires a target type", () => {
    expect(validateHpa(withMetrics(resource({ averageUtilization: 70 })))).toEqual([
      err(`${m0}.resource.target.type`, "Required value: must specify a metric target type"),
      err(`${m0}.resource.target.type`, `Invalid value: "": must be either Utilization, Value, or AverageValue`),
    ]);
  });

  it("refuses an unknown target type", () => {
    expect(validateHpa(withMetrics(resource({ type: "Percent", averageUtilization: 70 })))).toEqual([
      err(`${m0}.resource.target.type`, `Invalid value: "Percent": must be either Utilization, Value, or AverageValue`),
    ]);
  });

  it("refuses averageUtilization 0", () => {
    expect(validateHpa(withMetrics(resource(utilization(0))))).toEqual([
      err(`${m0}.resource.target.averageUtilization`, "Invalid value: 0: must be greater than 0"),
    ]);
  });

  it("accepts a utilization above 100 %", () => {
    expect(validateHpa(withMetrics(resource(utilization(250))))).toEqual([]);
  });

  it.each([
    ["0", `"0"`],
    [0, `"0"`],
    ["-500m", `"-500m"`],
    ["-0.5", `"-500m"`],
    ["-1024Mi", `"-1Gi"`],
    ["-1.5Gi", `"-1536Mi"`],
  ])("refuses averageValue %j, printed in canonical form as %s", (averageValue, printed) => {
    expect(validateHpa(withMetrics(pods({ type: "AverageValue", averageValue })))).toEqual([
      err(`${m0}.pods.target.averageValue`, `Invalid value: ${printed}: must be positive`),
    ]);
  });

  it("accepts a tiny positive quantity (the server rounds it up to 1n)", () => {
    expect(validateHpa(withMetrics(pods({ type: "AverageValue", averageValue: "0.0000000001" })))).toEqual([]);
  });

  it("refuses a value that is not positive", () => {
    expect(validateHpa(withMetrics(external({ type: "Value", value: "-3" })))).toEqual([
      err(`${m0}.external.target.value`, `Invalid value: "-3": must be positive`),
    ]);
  });
});

describe("Resource and ContainerResource sources", () => {
  it("require a resource name", () => {
    expect(validateHpa(withMetrics(resource(utilization(70), "")))).toEqual([err(`${m0}.resource.name`, "Required value: must specify a resource name")]);
  });

  it("accept any Resource name (only ContainerResource names are checked)", () => {
    expect(validateHpa(withMetrics(resource(utilization(70), "gpu")))).toEqual([]);
  });

  it("require a utilization or an average value", () => {
    expect(validateHpa(withMetrics(resource({ type: "Value", value: "1" })))).toEqual([
      err(`${m0}.resource.target.averageUtilization`, "Required value: must set either a target raw value or a target utilization"),
    ]);
  });

  it("forbid both a utilization and an average value", () => {
    expect(validateHpa(withMetrics(resource({ type: "Utilization", averageUtilization: 70, averageValue: "500m" })))).toEqual([
      err(`${m0}.resource.target.averageValue`, "Forbidden: may not set both a target raw value and a target utilization"),
    ]);
  });

  it("accept an average value instead of a utilization", () => {
    expect(validateHpa(withMetrics(resource({ type: "AverageValue", averageValue: "500m" })))).toEqual([]);
  });

  it("require a container", () => {
    expect(validateHpa(withMetrics(containerResource("cpu", undefined)))).toEqual([
      err(`${m0}.containerResource.container`, "Required value: must specify a container"),
    ]);
  });

  it("refuse a container name that is not a DNS label", () => {
    expect(validateHpa(withMetrics(containerResource("cpu", "App")))).toEqual([err(`${m0}.containerResource.container`, `Invalid value: "App": ${DNS_LABEL_MSG}`)]);
    expect(validateHpa(withMetrics(containerResource("cpu", "app.v2")))).toEqual([
      err(`${m0}.containerResource.container`, `Invalid value: "app.v2": must not contain dots`),
    ]);
  });

  it("refuse a container resource that containers cannot request", () => {
    expect(validateHpa(withMetrics(containerResource("pods", "app")))).toEqual([
      err(`${m0}.containerResource.name`, `Invalid value: "pods": must be a standard resource for containers`),
    ]);
  });

  it("refuse an unknown unprefixed container resource twice over", () => {
    expect(validateHpa(withMetrics(containerResource("gpu", "app")))).toEqual([
      err(`${m0}.containerResource.name`, `Invalid value: "gpu": must be a standard resource type or fully qualified`),
      err(`${m0}.containerResource.name`, `Invalid value: "gpu": must be a standard resource for containers`),
    ]);
  });

  it("refuse a container resource that is not a qualified name", () => {
    expect(validateHpa(withMetrics(containerResource("Gpu!", "app")))).toEqual([
      err(`${m0}.containerResource.name`, `Invalid value: "Gpu!": ${LABEL_NAME_MSG}`),
      err(`${m0}.containerResource.name`, `Invalid value: "Gpu!": must be a standard resource for containers`),
    ]);
  });

  it("refuse a prefixed resource that is not an extended resource", () => {
    expect(validateHpa(withMetrics(containerResource("requests.example.com/gpu", "app")))).toEqual([
      err(`${m0}.containerResource.name`, `Invalid value: "requests.example.com/gpu": doesn't follow extended resource name standard`),
    ]);
  });

  it.each(["cpu", "memory", "ephemeral-storage", "hugepages-2Mi", "example.com/gpu", "kubernetes.io/foo"])("accept the container resource %s", (name) => {
    expect(validateHpa(withMetrics(containerResource(name, "app")))).toEqual([]);
  });
});

describe("Pods, Object and External sources", () => {
  it("Pods requires an average value", () => {
    expect(validateHpa(withMetrics(pods({ type: "Value", value: "10" })))).toEqual([
      err(`${m0}.pods.target.averageValue`, "Required value: must specify a positive target averageValue"),
    ]);
  });

  it("requires a metric name", () => {
    expect(validateHpa(withMetrics(pods({ type: "AverageValue", averageValue: "10" }, "")))).toEqual([
      err(`${m0}.pods.metric.name`, "Required value: must specify a metric name"),
    ]);
  });

  it("refuses a metric name that cannot be a path segment", () => {
    expect(validateHpa(withMetrics(pods({ type: "AverageValue", averageValue: "10" }, "requests/s")))).toEqual([
      err(`${m0}.pods.metric.name`, `Invalid value: "requests/s": may not contain '/'`),
    ]);
  });

  it("Object requires a value or an average value, and accepts both", () => {
    expect(validateHpa(withMetrics(object(ingress, { type: "Value" })))).toEqual([
      err(`${m0}.object.target.averageValue`, "Required value: must set either a target value or averageValue"),
    ]);
    expect(validateHpa(withMetrics(object(ingress, { type: "Value", value: "10", averageValue: "1" })))).toEqual([]);
  });

  it("Object may describe a core-group object", () => {
    expect(validateHpa(withMetrics(object({ apiVersion: "v1", kind: "Service", name: "shop" }, { type: "Value", value: "10" })))).toEqual([]);
  });

  it("Object checks its describedObject like a scale target", () => {
    expect(validateHpa(withMetrics(object({ apiVersion: "a/b/c" }, { type: "Value", value: "10" })))).toEqual([
      err(`${m0}.object.describedObject.kind`, "Required value"),
      err(`${m0}.object.describedObject.name`, "Required value"),
      err(`${m0}.object.describedObject.apiVersion`, `Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`),
    ]);
  });

  it("External requires one of value and averageValue, not both", () => {
    expect(validateHpa(withMetrics(external({ type: "Value" })))).toEqual([
      err(`${m0}.external.target.averageValue`, "Required value: must set either a target value for metric or a per-pod target"),
    ]);
    expect(validateHpa(withMetrics(external({ type: "Value", value: "10", averageValue: "1" })))).toEqual([
      err(`${m0}.external.target.value`, "Forbidden: may not set both a target value for metric and a per-pod target"),
    ]);
  });
});
