import path from "node:path";
import type { ConsoleConfig } from "@/lib/config";
import type { DocumentKind } from "@/lib/documents/kinds";

/**
 * Where documents are pushed: one registry instead of target names spelled out in
 * stores, actions and editors. Each target says which document kinds it takes, how
 * the editor names it, whether this console is configured for it (and, if not, the
 * setting that turns it on), and the key of the lock one push to it holds (so two
 * consoles never interleave pushes to one place). Pure.
 */

export interface PushTarget {
  id: string;
  kinds: readonly DocumentKind[];
  /** the button's words: "Push v3 to Prometheus" */
  label: (cfg: ConsoleConfig) => string;
  /** null when configured, else what to set */
  unavailable: (cfg: ConsoleConfig) => string | null;
  lockKey: (cfg: ConsoleConfig) => string;
}

export const PUSH_TARGETS = {
  prometheus: {
    id: "prometheus",
    kinds: ["rules"],
    label: () => "Prometheus",
    unavailable: (cfg) => (cfg.rules.dir ? null : "Push to Prometheus is off: set RULES_DIR to the directory Prometheus's rule_files glob reads."),
    lockKey: (cfg) => `perfops:push:prometheus:${path.resolve(/*turbopackIgnore: true*/ cfg.rules.dir ?? "")}`,
  },
  ruler: {
    id: "ruler",
    kinds: ["rules"],
    label: (cfg) => `the ${cfg.rules.ruler?.flavor ?? "Mimir/Cortex"} ruler`,
    unavailable: (cfg) => (cfg.rules.ruler ? null : "No ruler is configured: set RULER_URL (and RULER_FLAVOR, RULER_TENANT) to push to Mimir or Cortex."),
    lockKey: (cfg) => `perfops:push:ruler:${cfg.rules.ruler?.backend.url}:${cfg.rules.ruler?.backend.tenant ?? ""}`,
  },
  kubernetes: {
    id: "kubernetes",
    kinds: ["profile"],
    label: () => "Kubernetes",
    unavailable: (cfg) => (cfg.kubernetes ? null : "No Kubernetes API server is configured: set KUBERNETES_URL (with KUBERNETES_BEARER_TOKEN or KUBERNETES_TOKEN_FILE, and KUBERNETES_CA_FILE)."),
    lockKey: (cfg) => `perfops:push:kubernetes:${cfg.kubernetes?.backend.url ?? ""}`,
  },
  git: {
    id: "git",
    kinds: ["profile"],
    label: (cfg) => `Git (${cfg.gitops?.branch ?? "main"})`,
    unavailable: (cfg) => (cfg.gitops ? null : "No Git repository is configured: set GITOPS_REMOTE (and GITOPS_BRANCH, GITOPS_PATH)."),
    lockKey: (cfg) => `perfops:push:git:${cfg.gitops?.remote ?? ""}:${cfg.gitops?.branch ?? ""}`,
  },
} as const satisfies Record<string, PushTarget>;

export type PushTargetId = keyof typeof PUSH_TARGETS;

export const pushTargetIds = Object.keys(PUSH_TARGETS) as [PushTargetId, ...PushTargetId[]];

/** The targets a kind of document can be pushed to, in registry order. */
export function targetsFor(kind: DocumentKind): PushTarget[] {
  return Object.values(PUSH_TARGETS).filter((t: PushTarget) => t.kinds.includes(kind));
}

/** What the editor needs to draw push buttons: id, words, and why a target is off. */
export function pushTargetsView(kind: DocumentKind, cfg: ConsoleConfig): { id: string; label: string; unavailable: string | null }[] {
  return targetsFor(kind).map((t) => ({ id: t.id, label: t.label(cfg), unavailable: t.unavailable(cfg) }));
}
