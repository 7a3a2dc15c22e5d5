/** `name{a="b", c="d"}` for a series' labels, as Prometheus shows them. Pure. */
export function formatSeriesName(metric: Record<string, string>): string {
  const { __name__: name = "", ...labels } = metric;
  const inner = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(", ");
  return inner ? `${name}{${inner}}` : name || "{}";
}
