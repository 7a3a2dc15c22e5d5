/** The SLO form's owner field, as the spec wants it. Pure. (Its labels are key-value rows: lib/documents/key-values.) */

/** The owner as the spec keeps it: left out when blank (the spec wants a team or person, or nothing). */
export function ownerOf(text: string): { owner?: string } {
  const owner = text.trim();
  return owner ? { owner } : {};
}
