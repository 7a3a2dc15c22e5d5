import type { ApiRuleGroup } from "@/lib/prometheus/rules";

/** Loaded rules as rows for the browser, with filters and paging. Pure. */

export interface RuleRow {
  group: string;
  file: string;
  type: "alerting" | "recording";
  name: string;
  query: string;
  /** alerting rules: inactive/pending/firing; recording rules: none */
  state: "inactive" | "pending" | "firing" | "none";
  health: "ok" | "err" | "unknown";
  lastError?: string;
  lastEvaluation?: string;
  evaluationTime?: number;
  /** alerting rules: active alerts (pending + firing) */
  active: number;
  forSeconds?: number;
  labels: Record<string, string>;
}

export interface RuleFilter {
  q?: string;
  state?: RuleRow["state"] | "any";
  health?: RuleRow["health"] | "any";
  type?: RuleRow["type"] | "any";
}

export function flattenRules(groups: ApiRuleGroup[]): RuleRow[] {
  return groups.flatMap((g) =>
    g.rules.map<RuleRow>((r) => ({
      group: g.name,
      file: g.file,
      type: r.type,
      name: r.name,
      query: r.query,
      state: r.type === "alerting" ? r.state : "none",
      health: r.health,
      lastError: r.lastError || undefined,
      lastEvaluation: r.lastEvaluation,
      evaluationTime: r.evaluationTime,
      active: r.type === "alerting" ? (r.alerts ?? []).length : 0,
      forSeconds: r.type === "alerting" ? r.duration : undefined,
      labels: r.labels ?? {},
    })),
  );
}

/** Case-insensitive search over name, group, file, query and label values; every term must match. */
export function filterRules(rows: RuleRow[], f: RuleFilter): RuleRow[] {
  const terms = (f.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (f.state && f.state !== "any" && r.state !== f.state) return false;
    if (f.health && f.health !== "any" && r.health !== f.health) return false;
    if (f.type && f.type !== "any" && r.type !== f.type) return false;
    if (!terms.length) return true;
    const hay = `${r.name}\n${r.group}\n${r.file}\n${r.query}\n${Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join("\n")}`.toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}

export interface RulePage {
  rows: RuleRow[];
  total: number;
  matched: number;
  page: number;
  pages: number;
  counts: { firing: number; pending: number; inactive: number; recording: number; unhealthy: number };
}

/** Firing first, then pending, unhealthy, then by group and name: what an operator looks for first. */
export function pageRules(rows: RuleRow[], f: RuleFilter, page: number, pageSize: number): RulePage {
  const rank = (r: RuleRow) => (r.state === "firing" ? 0 : r.state === "pending" ? 1 : r.health === "err" ? 2 : 3);
  const matched = filterRules(rows, f).sort((a, b) => rank(a) - rank(b) || a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  const pages = Math.max(1, Math.ceil(matched.length / pageSize));
  const p = Math.min(Math.max(0, page), pages - 1);
  return {
    rows: matched.slice(p * pageSize, (p + 1) * pageSize),
    total: rows.length,
    matched: matched.length,
    page: p,
    pages,
    counts: {
      firing: rows.filter((r) => r.state === "firing").length,
      pending: rows.filter((r) => r.state === "pending").length,
      inactive: rows.filter((r) => r.state === "inactive").length,
      recording: rows.filter((r) => r.type === "recording").length,
      unhealthy: rows.filter((r) => r.health === "err").length,
    },
  };
}
