import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a presented secret equals the expected one, in time that does not depend
 * on where they differ or on the expected length (both are hashed first).
 */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}
