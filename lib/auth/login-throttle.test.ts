import { describe, expect, it } from "vitest";
import { lockedForMs, MAX_FAILURES, retryAfterText, WINDOW_MS } from "./login-throttle";

const now = new Date("2026-12-06T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("lockedForMs", () => {
  it("does not lock below the limit, nor for failures outside the window", () => {
    expect(lockedForMs([], now)).toBe(0);
    expect(lockedForMs(Array.from({ length: MAX_FAILURES - 1 }, (_, i) => ago(i * 1000)), now)).toBe(0);
    const old = Array.from({ length: MAX_FAILURES }, (_, i) => ago(WINDOW_MS + 1 + i));
    expect(lockedForMs(old, now)).toBe(0);
  });

  it("locks at the limit until enough failures age out of the window", () => {
    // five failures 4, 3, 2, 1 and 0 minutes ago: the lock lifts when the oldest leaves
    const five = [4, 3, 2, 1, 0].map((m) => ago(m * 60_000));
    expect(lockedForMs(five, now)).toBe(WINDOW_MS - 4 * 60_000);
    // six failures: the lock lifts when the fifth newest leaves the window, not the oldest
    const six = [4.5, 4, 3, 2, 1, 0].map((m) => ago(m * 60_000));
    expect(lockedForMs(six, now)).toBe(WINDOW_MS - 4 * 60_000);
  });

  it("ignores failures dated in the future (clock skew between replicas)", () => {
    const future = Array.from({ length: MAX_FAILURES }, () => new Date(now.getTime() + 10_000));
    expect(lockedForMs(future, now)).toBe(0);
  });
});

describe("retryAfterText", () => {
  it("says seconds below a minute and whole minutes, rounded up, above", () => {
    expect(retryAfterText(1)).toBe("1 second");
    expect(retryAfterText(40_000)).toBe("40 seconds");
    expect(retryAfterText(60_000)).toBe("1 minute");
    expect(retryAfterText(61_000)).toBe("2 minutes");
  });
});
