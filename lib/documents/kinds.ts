/**
 * The kinds of versioned document the console keeps (lib/documents/store.ts): each is
 * saved with optimistic concurrency, has a version history with compare and restore,
 * and may be pushed to the targets lib/push/targets.ts lists for it. Pure.
 */

export const DOCUMENT_KINDS = {
  rules: { title: "rule file", auditTarget: "rule_file", auditPrefix: "rules" },
  slo: { title: "SLO", auditTarget: "slo", auditPrefix: "slo" },
  profile: { title: "scaling profile", auditTarget: "scaling_profile", auditPrefix: "profiles" },
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export function isDocumentKind(k: string): k is DocumentKind {
  return Object.hasOwn(DOCUMENT_KINDS, k);
}
