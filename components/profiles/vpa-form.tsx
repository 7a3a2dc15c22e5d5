"use client";

import type { Seg } from "@/lib/documents/yaml-paths";
import { FieldErrors, pathText, type FormProps } from "./form-fields";
import { list, mapping, type Obj } from "@/lib/scaling/loose";

/** The VPA form: update mode and per-container policies (mode, controlled resources and values, min and max allowed). */

const asObj = mapping;
const arr = list;

const MODES: [string, string][] = [
  ["Off", "recommend only"],
  ["Initial", "set requests when pods are created"],
  ["Recreate", "evict pods to apply new requests"],
  ["InPlaceOrRecreate", "resize running pods where possible, else evict"],
  ["InPlace", "resize running pods only"],
  ["Auto", "deprecated: means Recreate"],
];

function Policy({ p, i, set, problems, readOnly }: { p: Obj; i: number } & FormProps) {
  const base: Seg[] = ["spec", "resourcePolicy", "containerPolicies", i];
  const controlled = arr(p.controlledResources).map(String);
  const all = controlled.length === 0;
  const q = (k: "minAllowed" | "maxAllowed", r: string) => (
    <input aria-label={`Policy ${i + 1} ${k} ${r}`} value={String(asObj(p[k])[r] ?? "")} placeholder={r === "cpu" ? "e.g. 100m" : "e.g. 128Mi"} readOnly={readOnly} style={{ width: 90 }} onChange={(e) => set([...base, k, r], e.target.value.trim() === "" ? undefined : e.target.value.trim())} />
  );
  return (
    <fieldset className="panel" style={{ minHeight: 0 }} data-testid={`container-policy-${i}`}>
      <legend>
        Container <input aria-label={`Policy ${i + 1} container`} value={String(p.containerName ?? "")} placeholder="* = every container" readOnly={readOnly} style={{ width: 140 }} onChange={(e) => set([...base, "containerName"], e.target.value)} />
      </legend>
      <label>
        Mode{" "}
        <select aria-label={`Policy ${i + 1} mode`} value={String(p.mode ?? "Auto")} disabled={readOnly} onChange={(e) => set([...base, "mode"], e.target.value)}>
          <option value="Auto">Auto (scaled)</option>
          <option value="Off">Off (left alone)</option>
        </select>
      </label>{" "}
      <span>
        Controls:{" "}
        {["cpu", "memory"].map((r) => (
          <label key={r}>
            <input type="checkbox" aria-label={`Policy ${i + 1} controls ${r}`} disabled={readOnly} checked={all || controlled.includes(r)} onChange={(e) => {
              const next = new Set(all ? ["cpu", "memory"] : controlled);
              if (e.target.checked) next.add(r);
              else next.delete(r);
              set([...base, "controlledResources"], [...next]);
            }} />{" "}
            {r}{" "}
          </label>
        ))}
      </span>
      <label>
        Values{" "}
        <select aria-label={`Policy ${i + 1} controlled values`} value={String(p.controlledValues ?? "RequestsAndLimits")} disabled={readOnly} onChange={(e) => set([...base, "controlledValues"], e.target.value)}>
          <option>RequestsAndLimits</option>
          <option>RequestsOnly</option>
        </select>
      </label>
      <div className="kv-row">
        <span className="muted">min allowed</span> cpu {q("minAllowed", "cpu")} memory {q("minAllowed", "memory")}
      </div>
      <div className="kv-row">
        <span className="muted">max allowed</span> cpu {q("maxAllowed", "cpu")} memory {q("maxAllowed", "memory")}
      </div>
      {!readOnly && (
        <button type="button" aria-label={`Remove container policy ${i + 1}`} onClick={() => set(base, undefined)}>
          Remove
        </button>
      )}
      <FieldErrors problems={problems} path={pathText(base)} />
    </fieldset>
  );
}

export function VpaForm({ obj, set, problems, readOnly }: { obj: Obj } & FormProps) {
  const spec = asObj(obj.spec);
  const mode = String(asObj(spec.updatePolicy).updateMode ?? "");
  const policies = arr(asObj(spec.resourcePolicy).containerPolicies).map(asObj);
  return (
    <div data-testid="vpa-form">
      <label>
        Update mode{" "}
        <select aria-label="Update mode" value={mode} disabled={readOnly} onChange={(e) => set(["spec", "updatePolicy", "updateMode"], e.target.value)}>
          {!mode && <option value="">(default: Recreate)</option>}
          {MODES.map(([m, d]) => (
            <option key={m} value={m}>
              {m} — {d}
            </option>
          ))}
        </select>
      </label>
      <FieldErrors problems={problems} path="spec.updatePolicy" />
      <h3>Container policies</h3>
      {policies.map((p, i) => (
        <Policy key={i} p={p} i={i} {...{ set, problems, readOnly }} />
      ))}
      {!readOnly && (
        <button type="button" onClick={() => set(["spec", "resourcePolicy", "containerPolicies", policies.length], { containerName: "*" })}>
          + container policy
        </button>
      )}
    </div>
  );
}
