import type { ActionResult } from "@/lib/server/action-types";

/** For TanStack Query: an action's data, or an Error carrying the action's own message. */
export async function unwrap<T>(call: Promise<ActionResult<T>>): Promise<T> {
  const res = await call;
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}

/** "3 min ago", "2 h ago", from an ISO time; falls back to the date for older times. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (!Number.isFinite(t) || t <= 0) return "never";
  const s = Math.round((now - t) / 1000);
  if (s < 0) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toISOString().slice(0, 16).replace("T", " ");
}
