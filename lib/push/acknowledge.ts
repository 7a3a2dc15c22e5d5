import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "@/lib/format/canonical-json";

/**
 * Acknowledging the warnings of a push. A push with warnings is refused until the
 * editor acknowledges them, and the acknowledgement names the warnings that were shown:
 * a digest of what is pushed and of each warning. When anything changed in between
 * (another editor saved a new version of the SLO, a metric the rule reads appeared or
 * vanished, the cluster's objects changed), the digest differs and the push asks again
 * with the warnings as they are now, rather than pushing on a consent given for others.
 */

/** The acknowledgement a client sends back: the digest it was given. */
export const acknowledgementSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "must be the acknowledgement the push answered with (64 hex digits)")
  .optional();

export interface WarningLike {
  message: string;
}

/** What a push answers instead of pushing: the warnings, and the digest that acknowledges them. */
export interface NeedsAcknowledgement<W extends WarningLike> {
  pushed: false;
  needsAcknowledgement: W[];
  acknowledgement: string;
  /** an acknowledgement was sent, but for other warnings (or another version) */
  warningsChanged: boolean;
}

/** The digest of a push's subject (what is pushed, where) and its warnings, in order. */
export function acknowledgementOf(subject: string, warnings: readonly WarningLike[]): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(subject));
  for (const w of warnings) h.update(`\n${canonicalJson(w)}`);
  return h.digest("hex");
}

/**
 * Null when the push may go ahead (no warnings, or these very warnings acknowledged);
 * otherwise what to answer.
 */
export function awaitingAcknowledgement<W extends WarningLike>(subject: string, warnings: W[], given: string | undefined): NeedsAcknowledgement<W> | null {
  if (warnings.length === 0) return null;
  const acknowledgement = acknowledgementOf(subject, warnings);
  if (given === acknowledgement) return null;
  return { pushed: false, needsAcknowledgement: warnings, acknowledgement, warningsChanged: given !== undefined };
}
