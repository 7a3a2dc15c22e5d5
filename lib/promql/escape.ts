/**
 * Escaping for values spliced into PromQL. PromQL string literals follow Go's
 * escaping rules; inside double quotes a backslash, a double quote and line
 * breaks must be escaped, or a crafted value could close the string and add
 * matchers or operators of its own.
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      default:
        return "\\t";
    }
  });
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** `name="value"` with the value escaped; throws on an invalid label name. */
export function labelMatcher(name: string, value: string, op: "=" | "!=" | "=~" | "!~" = "="): string {
  if (!isValidLabelName(name)) throw new Error(`invalid label name "${name}"`);
  return `${name}${op}"${escapeLabelValue(value)}"`;
}

/** Escape a literal string for use inside a regex matcher (=~), then for PromQL. */
export function escapeRegexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
