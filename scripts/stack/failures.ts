import { existsSync, readFileSync } from "node:fs";

/**
 * The failed tests of a run, read from Vitest's and Playwright's JSON reports, so that
 * `npm test`'s summary (the last lines CI shows) names what failed and why, not only
 * which stage. A report that is missing or unreadable yields a line saying so.
 */

export interface Failure {
  test: string;
  message: string;
}

const firstLines = (s: string, n = 3) =>
  s
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, n)
    .join(" | ")
    .slice(0, 400);

interface VitestReport {
  testResults?: { name: string; status: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

export function vitestFailures(report: VitestReport, root = ""): Failure[] {
  const out: Failure[] = [];
  for (const file of report.testResults ?? []) {
    const name = root && file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of failed) out.push({ test: `${name} › ${a.fullName}`, message: firstLines(a.failureMessages?.join("\n") ?? "") });
    if (!failed.length && file.status === "failed") out.push({ test: name, message: firstLines(file.message ?? "the file failed outside its tests") });
  }
  return out;
}

interface PlaywrightSuite {
  title: string;
  specs?: { title: string; file: string; line: number; ok: boolean; tests: { results: { status: string; error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
}
interface PlaywrightReport {
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
}

export function playwrightFailures(report: PlaywrightReport): Failure[] {
  const out: Failure[] = [];
  const walk = (s: PlaywrightSuite) => {
    for (const spec of s.specs ?? []) {
      if (spec.ok) continue;
      const results = spec.tests.flatMap((t) => t.results);
      const bad = results.find((r) => r.status !== "passed" && r.status !== "skipped");
      out.push({ test: `${spec.file}:${spec.line} › ${spec.title}`, message: firstLines(bad?.error?.message ?? bad?.status ?? "failed") });
    }
    for (const c of s.suites ?? []) walk(c);
  };
  for (const s of report.suites ?? []) walk(s);
  for (const e of report.errors ?? []) out.push({ test: "(outside any test)", message: firstLines(e.message ?? "") });
  return out;
}

/** Reads a report file; kind decides the format. */
export function failuresIn(file: string, kind: "vitest" | "playwright", root = ""): Failure[] {
  if (!existsSync(file)) return [{ test: "(no report)", message: `${file} was not written` }];
  try {
    const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport & PlaywrightReport;
    return kind === "vitest" ? vitestFailures(report, root) : playwrightFailures(report);
  } catch (err) {
    return [{ test: "(unreadable report)", message: `${file}: ${err instanceof Error ? err.message : String(err)}` }];
  }
}
