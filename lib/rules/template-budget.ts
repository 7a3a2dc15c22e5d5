/**
 * What one template render may spend (TEMPLATE_BUDGET) and the byte measures that
 * enforce it on the output and on every string a template builds. Pure.
 */

/** What one render may spend: evaluation steps, bytes of output or of any value it builds, milliseconds. */
export const TEMPLATE_BUDGET = { steps: 100_000, bytes: 64 * 1024, ms: 250 } as const;

/** UTF-8 length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return n;
}
export const overBytes = (s: string) => s.length > TEMPLATE_BUDGET.bytes || (s.length * 3 > TEMPLATE_BUDGET.bytes && utf8Length(s) > TEMPLATE_BUDGET.bytes);
export const bytesExceeded = () => `template exceeds the preview's budget of ${TEMPLATE_BUDGET.bytes} bytes`;
