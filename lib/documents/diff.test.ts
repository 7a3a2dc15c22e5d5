import { describe, expect, it } from "vitest";
import { diffStats, lineDiff } from "./diff";

describe("lineDiff", () => {
  const base = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
  it("shows a changed line with its context and folds the rest, with line numbers on both sides", () => {
    const changed = base.replace("line 10\n", "line ten\n");
    const d = lineDiff(base, changed, 2);
    expect(d[0]).toEqual({ kind: "fold", count: 7 });
    expect(d.filter((l) => l.kind !== "fold").map((l) => ("text" in l ? `${l.kind}:${l.text}` : ""))).toEqual([
      "same:line 8",
      "same:line 9",
      "del:line 10",
      "add:line ten",
      "same:line 11",
      "same:line 12",
    ]);
    expect(d.at(-1)).toEqual({ kind: "fold", count: 8 });
    expect(d.find((l) => l.kind === "add")).toMatchObject({ newLine: 10 });
    expect(d.find((l) => l.kind === "del")).toMatchObject({ oldLine: 10 });
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });

  it("identical texts fold completely; additions at the end count", () => {
    expect(lineDiff(base, base)).toEqual([{ kind: "fold", count: 20 }]);
    expect(diffStats(lineDiff(base, `${base}line 21\nline 22\n`))).toEqual({ added: 2, removed: 0 });
  });
});
