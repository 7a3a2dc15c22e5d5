import { describe, expect, it } from "vitest";
import { acknowledgementOf, awaitingAcknowledgement } from "./acknowledge";

const w = (message: string, line = 3) => ({ line, column: 5, severity: "warning" as const, message });

describe("acknowledging a push's warnings", () => {
  it("a push without warnings needs none, whatever is sent", () => {
    expect(awaitingAcknowledgement("rules f v1 to prometheus", [], undefined)).toBeNull();
    expect(awaitingAcknowledgement("rules f v1 to prometheus", [], "0".repeat(64))).toBeNull();
  });

  it("asks with a digest, and that digest lets the same warnings through", () => {
    const ask = awaitingAcknowledgement("rules f v1 to prometheus", [w("a")], undefined)!;
    expect(ask).toMatchObject({ pushed: false, needsAcknowledgement: [w("a")], warningsChanged: false });
    expect(ask.acknowledgement).toMatch(/^[0-9a-f]{64}$/);
    expect(awaitingAcknowledgement("rules f v1 to prometheus", [w("a")], ask.acknowledgement)).toBeNull();
  });

  it("the digest binds the subject, each warning and their order", () => {
    const base = acknowledgementOf("rules f v1 to prometheus", [w("a"), w("b")]);
    expect(acknowledgementOf("rules f v2 to prometheus", [w("a"), w("b")])).not.toBe(base);
    expect(acknowledgementOf("rules f v1 to ruler", [w("a"), w("b")])).not.toBe(base);
    expect(acknowledgementOf("rules f v1 to prometheus", [w("a"), w("c")])).not.toBe(base);
    expect(acknowledgementOf("rules f v1 to prometheus", [w("a"), w("b", 4)])).not.toBe(base);
    expect(acknowledgementOf("rules f v1 to prometheus", [w("b"), w("a")])).not.toBe(base);
    expect(acknowledgementOf("rules f v1 to prometheus", [w("a")])).not.toBe(base);
    // a subject cannot be shifted into the warnings
    expect(acknowledgementOf("a", [w("b")])).not.toBe(acknowledgementOf("a\n", [w("b")]));
  });

  it("does not depend on the order the keys of a warning were written in", () => {
    const a = { message: "m", line: 1, path: "spec.minReplicas" };
    const b = { path: "spec.minReplicas", line: 1, message: "m" };
    expect(acknowledgementOf("s", [a])).toBe(acknowledgementOf("s", [b]));
  });

  it("an acknowledgement of other warnings says they changed", () => {
    const old = acknowledgementOf("s", [w("a")]);
    expect(awaitingAcknowledgement("s", [w("a"), w("new")], old)).toMatchObject({ warningsChanged: true, needsAcknowledgement: [w("a"), w("new")] });
  });
});
