import { kubeClient, type KubeClient } from "@/lib/kubernetes/client";
import { env } from "../env";

/** A client of the stack's kube-apiserver, for tests to read and change the cluster beside the console. */
export function testKube(): KubeClient {
  return kubeClient({ backend: { name: "kubernetes", url: env.kubernetes.url, bearerToken: env.kubernetes.token, timeoutMs: 10_000 }, caFile: env.kubernetes.caFile, namespaces: ["shop"], fieldManager: "perfops-console" });
}

/** Points the console's own Kubernetes settings at the stack's API server (namespace shop). */
export function useStackKubernetes(): void {
  process.env.KUBERNETES_URL = env.kubernetes.url;
  process.env.KUBERNETES_BEARER_TOKEN = env.kubernetes.token;
  process.env.KUBERNETES_CA_FILE = env.kubernetes.caFile;
  process.env.KUBERNETES_NAMESPACES = "shop";
}
