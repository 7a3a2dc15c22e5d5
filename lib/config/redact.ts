/**
 * `scheme://user:pass@host` → `scheme://host` anywhere in a text: for every message
 * that may reach a log, an error body or the browser. Pure.
 */
export function withoutUserinfo(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, "$1");
}
