import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { which } from "./system-packages";

/**
 * Servers the console is tested against that Debian does not ship (Prometheus 3,
 * Alertmanager 0.35, Sloth, Jaeger), built from Go modules. Each is a small Go module of the
 * project's own under tools/<name>/ (go.mod with `tool` directives, go.sum pinning
 * every dependency), built once per go.mod/go.sum into a cache outside the checkout
 * (~/.cache/perfops-console/go-bin, or PERFOPS_GO_BIN), so fresh clones and CI runs on
 * the same machine only reuse it. Go's own caches stay in their default places. A
 * fresh machine pays the build once (Prometheus ≈ 6 min and 3.4 GB peak on 2 cores).
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface GoServer {
  /** what the log says while building */
  title: string;
  module: string;
  /** binary name → package */
  binaries: Record<string, string>;
  /** Go linker flags, e.g. the version the server reports */
  ldflags?: string;
  /** Go build tags, e.g. to leave out code the tests never run */
  tags?: string[];
  /**
   * Alertmanager's module zip lacks its built web UI (ui/app/dist), which it embeds:
   * the module is copied beside the build and a placeholder page put there.
   */
  placeholderUi?: string;
}

const VERSION_VAR = "github.com/prometheus/common/version";

export const GO_SERVERS = {
  prometheus: {
    title: "Prometheus 3.16 and promtool",
    module: "github.com/prometheus/prometheus",
    binaries: { prometheus: "github.com/prometheus/prometheus/cmd/prometheus", promtool: "github.com/prometheus/prometheus/cmd/promtool" },
    ldflags: `-X ${VERSION_VAR}.Version=3.16.0 -X ${VERSION_VAR}.Branch=perfops-tools`,
    // without the cloud service discoveries (AWS, Azure, GCE, Kubernetes, …: the stack
    // scrapes static targets; file and HTTP discovery stay): Prometheus's own build tag,
    // which halves a cold build
    tags: ["remove_all_sd"],
  },
  alertmanager: {
    title: "Alertmanager 0.35",
    module: "github.com/prometheus/alertmanager",
    binaries: { alertmanager: "github.com/prometheus/alertmanager/cmd/alertmanager" },
    ldflags: `-X ${VERSION_VAR}.Version=0.35.0 -X ${VERSION_VAR}.Branch=perfops-tools`,
    placeholderUi: "ui/app/dist",
  },
  sloth: {
    title: "Sloth 0.16",
    module: "github.com/slok/sloth",
    binaries: { sloth: "github.com/slok/sloth/cmd/sloth" },
    ldflags: "-X github.com/slok/sloth/internal/info.Version=v0.16.0",
  },
  jaeger: {
    title: "Jaeger 2.12 (module v1.75.0)",
    module: "github.com/jaegertracing/jaeger",
    binaries: { jaeger: "github.com/jaegertracing/jaeger/cmd/jaeger" },
  },
  // Kubernetes for the scaling profiles (issue 13): a real API server and its etcd; the
  // staging modules (k8s.io/api, …) are pinned to v0.35.4 by `replace` in tools/kube-apiserver/go.mod.
  "kube-apiserver": {
    title: "kube-apiserver 1.35.4",
    module: "k8s.io/kubernetes",
    binaries: { "kube-apiserver": "k8s.io/kubernetes/cmd/kube-apiserver" },
    ldflags: "-s -w -X k8s.io/component-base/version.gitVersion=v1.35.4 -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=35",
  },
  etcd: {
    title: "etcd 3.6.16",
    module: "go.etcd.io/etcd/server/v3",
    binaries: { etcd: "go.etcd.io/etcd/server/v3" },
    ldflags: "-s -w",
  },
} satisfies Record<string, GoServer>;

export type GoServerName = keyof typeof GO_SERVERS;

function cacheRoot(): string {
  return process.env.PERFOPS_GO_BIN ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "perfops-console", "go-bin");
}

const goEnv = () => ({ ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", CGO_ENABLED: "0" });

/** Where this go.mod/go.sum's binaries are (or will be) cached, and whether they are there. */
export function goServerPaths(name: GoServerName): { out: string; bins: Record<string, string>; built: boolean } {
  const server: GoServer = GO_SERVERS[name];
  const src = path.join(ROOT, "tools", name);
  const key = createHash("sha256")
    .update(readFileSync(path.join(src, "go.mod")))
    .update(readFileSync(path.join(src, "go.sum")))
    .update(JSON.stringify(server))
    .digest("hex")
    .slice(0, 16);
  const out = path.join(cacheRoot(), `${name}-${key}`);
  const bins = Object.fromEntries(Object.keys(server.binaries).map((b) => [b, path.join(out, b)]));
  return { out, bins, built: Object.values(bins).every((b) => existsSync(b)) };
}

/** Paths of the server's binaries, building them first when this go.mod/go.sum has not been built on this machine. */
export function ensureGoServer(name: GoServerName, log: (l: string) => void = console.log): Record<string, string> {
  const server: GoServer = GO_SERVERS[name];
  const { out, bins, built } = goServerPaths(name);
  if (built) return bins;
  const src = path.join(ROOT, "tools", name);

  const go = which("go");
  if (!go) throw new Error(`${server.title} is built from Go modules, and \`go\` is not on the PATH: install Go ≥ 1.26 (https://go.dev/dl) and run again`);
  log(`building ${server.title} from Go modules into ${out} (first time on this machine: minutes; later runs reuse it)…`);
  const t0 = Date.now();
  const work = path.join(cacheRoot(), `.build-${name}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    copyFileSync(path.join(src, "go.mod"), path.join(work, "go.mod"));
    copyFileSync(path.join(src, "go.sum"), path.join(work, "go.sum"));
    const run = (args: string[]) => execFileSync(go, args, { cwd: work, env: goEnv(), stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
    if (server.placeholderUi) {
      run(["mod", "download", server.module]);
      const dir = run(["list", "-m", "-f", "{{.Dir}}", server.module]).trim();
      cpSync(dir, path.join(work, "module"), { recursive: true });
      execFileSync("chmod", ["-R", "u+w", path.join(work, "module")]);
      for (const ui of ["elm", "mantine"]) {
        const d = path.join(work, "module", server.placeholderUi, ui);
        mkdirSync(d, { recursive: true });
        writeFileSync(path.join(d, "index.html"), `<!doctype html><title>${server.title}</title><p>Built by Perfops Console's test stack without the web UI; the API is complete.</p>\n`);
      }
      run(["mod", "edit", `-replace=${server.module}=./module`]);
    }
    const staged = path.join(work, "bin");
    for (const [bin, pkg] of Object.entries(server.binaries)) {
      run(["build", "-trimpath", ...(server.ldflags ? ["-ldflags", server.ldflags] : []), ...(server.tags ? ["-tags", server.tags.join(",")] : []), "-o", path.join(staged, bin), pkg]);
      chmodSync(path.join(staged, bin), 0o755);
    }
    mkdirSync(path.dirname(out), { recursive: true });
    rmSync(out, { recursive: true, force: true });
    renameSync(staged, out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`${server.title} built in ${Math.round((Date.now() - t0) / 1000)} s`);
  return bins;
}

/** Builds a server in a child process (scripts/stack/go-build.ts), so that the caller goes on meanwhile; resolves to its binaries. */
export function buildGoServerInBackground(name: GoServerName, log: (l: string) => void): Promise<Record<string, string>> {
  const { built, bins } = goServerPaths(name);
  if (built) return Promise.resolve(bins);
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const child = spawn(tsx, [path.join(ROOT, "scripts", "stack", "go-build.ts"), name], { stdio: ["ignore", "pipe", "pipe"] });
  // the build goes when the caller goes (Ctrl-C on the demo)
  const stop = () => child.kill("SIGTERM");
  process.once("exit", stop);
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => c.toString().split("\n").filter(Boolean).forEach((l) => log(l)));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      process.removeListener("exit", stop);
      try {
        if (code !== 0) throw new Error(`building ${GO_SERVERS[name].title} failed (exit ${code})`);
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, string>);
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

/**
 * Builds every server not yet in the cache, one child process after the other (each
 * build uses every core); failures are left for the synchronous ensureGoServer that
 * follows to report where the server is needed.
 */
export async function prebuildGoServers(log: (l: string) => void): Promise<void> {
  for (const name of Object.keys(GO_SERVERS) as GoServerName[]) {
    if (goServerPaths(name).built || !which("go")) continue;
    await buildGoServerInBackground(name, log).catch((err: unknown) => log(`${name}: ${err instanceof Error ? err.message : String(err)} (tried again when needed)`));
  }
}
