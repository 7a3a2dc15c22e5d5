import type { ReviewKind } from "./kinds";
import type { Report } from "./report";

/** What the review actions return (lib/reviews/store.ts). */

export interface ReviewSummary {
  id: string;
  kind: ReviewKind;
  title: string;
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  services: string[];
  createdAt: string;
  createdByEmail: string;
  openItems: number;
}

export interface ActionItemRow {
  id: string;
  reviewId: string;
  reviewTitle: string;
  title: string;
  owner: string;
  due: string | null;
  status: string;
  createdAt: string;
  closedAt: string | null;
  /** raised in an earlier review of the same kind */
  carriedOver: boolean;
}

export interface ReviewDetail extends ReviewSummary {
  notes: string;
  revision: number;
  snapshot: Report;
  decisions: { id: string; text: string; authorEmail: string; createdAt: string }[];
  actionItems: ActionItemRow[];
}

