"use client";

import type { Seg } from "@/lib/documents/yaml-paths";

/** What every profile form field gets: how to change the draft, the checks' problems, and whether it may. */
export interface FormProps {
  set: (path: Seg[], value: unknown) => void;
  problems: readonly { path: string; message: string; severity: string }[];
  readOnly: boolean;
}

export const pathText = (p: Seg[]) => p.map(String).join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]");

/** The problems at a path (and, unless `exact`, beneath it). */
export function FieldErrors({ problems, path, exact = false }: { problems: FormProps["problems"]; path: string; exact?: boolean }) {
  const here = problems.filter((p) => p.path === path || (!exact && (p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`))));
  if (!here.length) return null;
  return (
    <div style={{ flexBasis: "100%" }}>
      {here.map((p, i) => (
        <p key={i} className={p.severity === "error" ? "field-error" : "status-warn"} style={{ margin: "2px 0", fontSize: 12 }} data-testid="field-problem" data-path={p.path}>
          {p.path}: {p.message}
        </p>
      ))}
    </div>
  );
}

/** A number (or, with `text`, a quantity) field; empty removes the field so Kubernetes' default applies. */
export function NumberField({ label, value, placeholder, help, path, set, problems, readOnly, text = false }: { label: string; value: unknown; placeholder: string; help: string; path: Seg[]; text?: boolean } & FormProps) {
  const p = pathText(path);
  return (
    <label style={{ display: "block", marginBottom: 6 }}>
      {label}{" "}
      <input
        aria-label={label}
        value={value === undefined || value === null ? "" : String(value)}
        placeholder={placeholder}
        readOnly={readOnly}
        style={{ width: 110 }}
        aria-invalid={problems.some((x) => x.path === p && x.severity === "error")}
        onChange={(e) => {
          const v = e.target.value.trim();
          set(path, v === "" ? undefined : !text && /^-?\d+$/.test(v) ? Number(v) : v);
        }}
      />{" "}
      <span className="muted" style={{ fontSize: 12 }}>{help}</span>
      <FieldErrors problems={problems} path={p} exact />
    </label>
  );
}
