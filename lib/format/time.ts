/** Time labels for axes and tooltips, in the browser's zone or in UTC. Pure. */
export type Zone = "local" | "utc";

export function formatTick(t: number, spanSeconds: number, zone: Zone): string {
  const d = new Date(t * 1000);
  const timeZone = zone === "utc" ? "UTC" : undefined;
  if (spanSeconds > 2 * 86400) return d.toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone });
  return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
}

export function formatTimestamp(t: number, zone: Zone): string {
  const d = new Date(t * 1000);
  if (zone === "utc") return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
  return d.toLocaleString("en-GB", { hour12: false });
}
