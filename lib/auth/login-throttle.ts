/**
 * Brute-force protection for sign-in, after Grafana's: an email that has failed to
 * sign in MAX_FAILURES times within WINDOW_MS is refused, right password or not,
 * until enough of those failures have left the window to leave fewer than
 * MAX_FAILURES in it (refused attempts are not counted). It applies to any email,
 * existing or not, so the refusal tells a stranger nothing about which accounts
 * exist. Failures are rows in PostgreSQL (LoginAttempt), so every replica counts the
 * same ones; a successful sign-in clears them. Attempts are reserved before the
 * password is checked (lib/auth/login-gate.ts), so a burst cannot check more than
 * MAX_FAILURES passwords. Behind a trusted proxy a client address is also limited to
 * MAX_CLIENT_FAILURES failures across all emails.
 */

export const MAX_FAILURES = 5;
/** Behind a trusted proxy (TRUSTED_PROXY_HOPS), one client address may fail this often across all emails. */
export const MAX_CLIENT_FAILURES = 20;
export const WINDOW_MS = 5 * 60_000;

/** How long (ms) sign-in stays refused, given the recent failures' times; 0 if it is not. Pure. */
export function lockedForMs(failures: Date[], now: Date, max = MAX_FAILURES, windowMs = WINDOW_MS): number {
  const recent = failures.map((d) => d.getTime()).filter((t) => t > now.getTime() - windowMs && t <= now.getTime());
  if (recent.length < max) return 0;
  // the lock lifts when enough failures have aged out to leave max - 1 in the window
  recent.sort((a, b) => b - a);
  const freeing = recent[max - 1]!;
  return Math.max(0, freeing + windowMs - now.getTime());
}

/** "try again in 3 minutes" / "in 40 seconds". Pure. */
export function retryAfterText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
