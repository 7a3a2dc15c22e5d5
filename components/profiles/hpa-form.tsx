"use client";

import type { Seg } from "@/lib/documents/yaml-paths";
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, type ScalingRules } from "@/lib/scaling/hpa-controller";
import { FieldErrors, NumberField, pathText, type FormProps } from "./form-fields";
import { list, mapping, type Obj } from "@/lib/scaling/loose";

/**
 * The HPA form: replicas, every metric source and target type, and the whole
 * `behavior` per direction with Kubernetes' defaults shown and explained where a field
 * is left out. Each change edits the YAML draft in place (comments kept); each field
 * shows the checks' errors for its path.
 */

const asObj = mapping;
const arr = list;

const DEFAULT_TEXT = {
  scaleUp: "no stabilization; add up to 4 pods or double, whichever is more, every 15 s",
  scaleDown: "keep the highest recommendation of the last 300 s; then remove up to 100 % every 15 s",
};

function describeDefault(r: ScalingRules): string {
  return r.policies.map((p) => `${p.type === "Pods" ? `${p.value} pods` : `${p.value} %`} / ${p.periodSeconds} s`).join(", ");
}

function Metric({ m, i, set, problems, readOnly }: { m: Obj; i: number } & FormProps) {
  const base: Seg[] = ["spec", "metrics", i];
  const type = String(m.type ?? "");
  const field = type === "Resource" ? "resource" : type === "ContainerResource" ? "containerResource" : type === "Pods" ? "pods" : type === "Object" ? "object" : "external";
  const src = asObj(m[field]);
  const target = asObj(src.target);
  const tPath: Seg[] = [...base, field, "target"];
  const valueKey = target.type === "Utilization" ? "averageUtilization" : target.type === "Value" ? "value" : "averageValue";
  return (
    <div className="kv-row" style={{ flexWrap: "wrap", alignItems: "flex-start" }} data-testid={`metric-${i}`}>
      <select aria-label={`Metric ${i + 1} type`} value={type} disabled={readOnly} onChange={(e) => set(base, e.target.value === "Resource" ? { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } } : e.target.value === "Pods" ? { type: "Pods", pods: { metric: { name: "" }, target: { type: "AverageValue", averageValue: "1" } } } : e.target.value === "ContainerResource" ? { type: "ContainerResource", containerResource: { name: "cpu", container: "", target: { type: "Utilization", averageUtilization: 70 } } } : e.target.value === "Object" ? { type: "Object", object: { describedObject: { apiVersion: "", kind: "", name: "" }, metric: { name: "" }, target: { type: "Value", value: "1" } } } : { type: "External", external: { metric: { name: "" }, target: { type: "Value", value: "1" } } })}>
        {["Resource", "ContainerResource", "Pods", "Object", "External"].map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      {(type === "Resource" || type === "ContainerResource") && (
        <select aria-label={`Metric ${i + 1} resource`} value={String(src.name ?? "")} disabled={readOnly} onChange={(e) => set([...base, field, "name"], e.target.value)}>
          <option>cpu</option>
          <option>memory</option>
        </select>
      )}
      {type === "ContainerResource" && <input aria-label={`Metric ${i + 1} container`} value={String(src.container ?? "")} placeholder="container" readOnly={readOnly} onChange={(e) => set([...base, field, "container"], e.target.value)} />}
      {(type === "Pods" || type === "Object" || type === "External") && <input aria-label={`Metric ${i + 1} name`} value={String(asObj(src.metric).name ?? "")} placeholder="metric name" readOnly={readOnly} onChange={(e) => set([...base, field, "metric", "name"], e.target.value)} />}
      {type === "Object" && (
        <input aria-label={`Metric ${i + 1} object`} value={`${String(asObj(src.describedObject).kind ?? "")}/${String(asObj(src.describedObject).name ?? "")}`} placeholder="Kind/name" readOnly={readOnly} onChange={(e) => {
          const [kind = "", name = ""] = e.target.value.split("/");
          set([...base, field, "describedObject"], { ...asObj(src.describedObject), kind, name });
        }} />
      )}
      <select aria-label={`Metric ${i + 1} target type`} value={String(target.type ?? "")} disabled={readOnly} onChange={(e) => set(tPath, e.target.value === "Utilization" ? { type: "Utilization", averageUtilization: 70 } : { type: e.target.value, [e.target.value === "Value" ? "value" : "averageValue"]: "1" })}>
        {(type === "Resource" || type === "ContainerResource" ? ["Utilization", "AverageValue"] : type === "Pods" ? ["AverageValue"] : ["Value", "AverageValue"]).map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <input
        aria-label={`Metric ${i + 1} target`}
        value={String(target[valueKey] ?? "")}
        readOnly={readOnly}
        style={{ width: 100 }}
        onChange={(e) => set([...tPath, valueKey], valueKey === "averageUtilization" && /^\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)}
      />
      <span className="muted">{valueKey === "averageUtilization" ? "% of requests" : "quantity, e.g. 500m, 100"}</span>
      {!readOnly && (
        <button type="button" aria-label={`Remove metric ${i + 1}`} onClick={() => set(base, undefined)}>
          Remove
        </button>
      )}
      <FieldErrors problems={problems} path={pathText(base)} />
    </div>
  );
}

function Rules({ dir, rules, set, problems, readOnly }: { dir: "scaleUp" | "scaleDown"; rules: Obj | null } & FormProps) {
  const base: Seg[] = ["spec", "behavior", dir];
  const def = dir === "scaleUp" ? DEFAULT_SCALE_UP : DEFAULT_SCALE_DOWN;
  const title = dir === "scaleUp" ? "Scale up" : "Scale down";
  if (!rules) {
    return (
      <fieldset className="panel" style={{ minHeight: 0 }} data-testid={`behavior-${dir}`}>
        <legend>{title}</legend>
        <p className="muted">Not set: Kubernetes&apos; default applies — {DEFAULT_TEXT[dir]}.</p>
        {!readOnly && (
          <button type="button" onClick={() => set(base, { stabilizationWindowSeconds: def.stabilizationWindowSeconds, selectPolicy: def.selectPolicy, policies: def.policies })}>
            Customize {title.toLowerCase()}
          </button>
        )}
      </fieldset>
    );
  }
  const policies = arr(rules.policies).map(asObj);
  return (
    <fieldset className="panel" style={{ minHeight: 0 }} data-testid={`behavior-${dir}`}>
      <legend>{title}</legend>
      <NumberField
        label={`${title} stabilization window (s)`}
        value={rules.stabilizationWindowSeconds}
        placeholder={String(def.stabilizationWindowSeconds)}
        help={dir === "scaleUp" ? "the lowest recommendation of this window is used: a short spike does not add pods (default 0: react at once; 0–3600)" : "the highest recommendation of this window is used: pods go only once demand stayed low this long (default 300; 0–3600)"}
        path={[...base, "stabilizationWindowSeconds"]}
        {...{ set, problems, readOnly }}
      />
      <label>
        Select policy{" "}
        <select aria-label={`${title} select policy`} value={String(rules.selectPolicy ?? "Max")} disabled={readOnly} onChange={(e) => set([...base, "selectPolicy"], e.target.value)}>
          <option value="Max">Max — the policy allowing the biggest change</option>
          <option value="Min">Min — the policy allowing the smallest change</option>
          <option value="Disabled">Disabled — never scale {dir === "scaleUp" ? "up" : "down"}</option>
        </select>
      </label>
      <NumberField label={`${title} tolerance`} value={rules.tolerance} placeholder="0.1 (cluster-wide)" help="no change while the metric is within this share of its target (a quantity, e.g. 0.05; beta in 1.35)" path={[...base, "tolerance"]} text {...{ set, problems, readOnly }} />
      <div className="muted" style={{ fontSize: 12 }}>Policies (default: {describeDefault(def)}); each limits the change within its period, counted from the replicas at the period&apos;s start:</div>
      {policies.map((p, i) => (
        <div key={i} className="kv-row" data-testid={`${dir}-policy-${i}`}>
          <select aria-label={`${title} policy ${i + 1} type`} value={String(p.type ?? "Percent")} disabled={readOnly} onChange={(e) => set([...base, "policies", i, "type"], e.target.value)}>
            <option>Percent</option>
            <option>Pods</option>
          </select>
          <input aria-label={`${title} policy ${i + 1} value`} value={String(p.value ?? "")} readOnly={readOnly} style={{ width: 70 }} onChange={(e) => set([...base, "policies", i, "value"], /^-?\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)} />
          <span className="muted">{p.type === "Pods" ? "pods" : "%"} per</span>
          <input aria-label={`${title} policy ${i + 1} period`} value={String(p.periodSeconds ?? "")} readOnly={readOnly} style={{ width: 70 }} onChange={(e) => set([...base, "policies", i, "periodSeconds"], /^-?\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)} />
          <span className="muted">s (1–1800)</span>
          {!readOnly && (
            <button type="button" aria-label={`Remove ${title.toLowerCase()} policy ${i + 1}`} onClick={() => set([...base, "policies", i], undefined)}>
              Remove
            </button>
          )}
          <FieldErrors problems={problems} path={`spec.behavior.${dir}.policies[${i}]`} />
        </div>
      ))}
      {!readOnly && (
        <button type="button" onClick={() => set([...base, "policies", policies.length], { type: "Percent", value: 10, periodSeconds: 60 })}>
          + policy
        </button>
      )}
      <FieldErrors problems={problems} path={`spec.behavior.${dir}.policies`} exact />
    </fieldset>
  );
}

export function HpaForm({ obj, set, problems, readOnly }: { obj: Obj } & FormProps) {
  const spec = asObj(obj.spec);
  const behavior = spec.behavior ? asObj(spec.behavior) : null;
  return (
    <div data-testid="hpa-form">
      <div className="toolbar" style={{ flexWrap: "wrap" }}>
        <NumberField label="Min replicas" value={spec.minReplicas} placeholder="1" help="never fewer (≥ 1)" path={["spec", "minReplicas"]} {...{ set, problems, readOnly }} />
        <NumberField label="Max replicas" value={spec.maxReplicas} placeholder="required" help="never more (≥ min)" path={["spec", "maxReplicas"]} {...{ set, problems, readOnly }} />
      </div>
      <h3>Metrics</h3>
      <p className="muted" style={{ fontSize: 12 }}>The HPA computes a replica count per metric (current ÷ target × replicas) and takes the highest.{arr(spec.metrics).length === 0 && " None set: Kubernetes defaults to CPU at 80 % of requests."}</p>
      {arr(spec.metrics).map((m, i) => (
        <Metric key={i} m={asObj(m)} i={i} {...{ set, problems, readOnly }} />
      ))}
      {!readOnly && (
        <button type="button" onClick={() => set(["spec", "metrics", arr(spec.metrics).length], { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } })}>
          + metric
        </button>
      )}
      <FieldErrors problems={problems} path="spec.metrics" exact />
      <h3>Behavior</h3>
      {!behavior && <p className="muted">No behavior: the controller&apos;s legacy rules apply (scale down after 5 minutes, scale up to double or 4 pods per sync).</p>}
      <div className="grid" style={{ gridTemplateColumns: "1fr 1fr" }}>
        <Rules dir="scaleUp" rules={behavior?.scaleUp ? asObj(behavior.scaleUp) : null} {...{ set, problems, readOnly }} />
        <Rules dir="scaleDown" rules={behavior?.scaleDown ? asObj(behavior.scaleDown) : null} {...{ set, problems, readOnly }} />
      </div>
    </div>
  );
}
