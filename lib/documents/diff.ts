import { diffLines } from "diff";

/**
 * Line diff of two versions of a document (rule file, SLO, scaling profile), for the history view and the conflict
 * screen: unchanged runs longer than 2 × context are folded. Pure.
 */

export type DiffLine = { kind: "same" | "add" | "del"; text: string; oldLine?: number; newLine?: number } | { kind: "fold"; count: number };

export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const texts = part.value.replace(/\n$/, "").split("\n");
    for (const text of texts) {
      if (part.added) lines.push({ kind: "add", text, newLine: newLine++ });
      else if (part.removed) lines.push({ kind: "del", text, oldLine: oldLine++ });
      else lines.push({ kind: "same", text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  const out: DiffLine[] = [];
  const changed = lines.map((l) => l.kind !== "same");
  const near = (i: number) => {
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) if (changed[j]) return true;
    return false;
  };
  let folded = 0;
  lines.forEach((l, i) => {
    if (l.kind === "same" && !near(i)) {
      folded++;
      return;
    }
    if (folded) out.push({ kind: "fold", count: folded });
    folded = 0;
    out.push(l);
  });
  if (folded) out.push({ kind: "fold", count: folded });
  return out;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((l) => l.kind === "add").length,
    removed: lines.filter((l) => l.kind === "del").length,
  };
}
