import { kubeClient } from "../../lib/kubernetes/client";
import { startAutoscalingSync, SYNC_MANAGER } from "./autoscaling-sync";

/**
 * The stand-in autoscaling controllers as a process of their own (autoscaling-sync.ts): the
 * test harness blocks its own event loop while the suites run, so the loop cannot live
 * there. Settings from the environment, as the console gets them; stops on SIGTERM.
 */
function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const namespace = need("KUBERNETES_NAMESPACES").split(",")[0]!;
const kube = kubeClient({
  backend: { name: "kubernetes", url: need("KUBERNETES_URL"), bearerToken: need("KUBERNETES_BEARER_TOKEN"), timeoutMs: 10_000 },
  caFile: need("KUBERNETES_CA_FILE"),
  namespaces: [namespace],
  fieldManager: SYNC_MANAGER,
});
const sync = startAutoscalingSync({ kube, simulatorUrl: need("SIMULATOR_URL"), namespace, log: (l) => console.log(`${new Date().toISOString()} ${l}`) });
// the interval timer is unref'd: this keeps the process alive until it is told to stop
const alive = setInterval(() => undefined, 1 << 30);
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    clearInterval(alive);
    void sync.stop().then(() => process.exit(0));
  });
