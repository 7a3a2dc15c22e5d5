import { readFileSync } from "node:fs";
import https from "node:https";
import { requireEnv } from "./helpers";

/** The stack's kube-apiserver, for what an e2e test checks or changes behind the console's back. */
export function kubeRequest(method: "GET" | "PATCH", path: string, body?: unknown, query = ""): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(requireEnv("KUBERNETES_URL") + path + query);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: readFileSync(requireEnv("KUBERNETES_CA_FILE")),
        headers: { authorization: `Bearer ${requireEnv("KUBERNETES_BEARER_TOKEN")}`, accept: "application/json", ...(body ? { "content-type": "application/apply-patch+yaml" } : {}) },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || "{}") as Record<string, unknown> }));
      },
    );
    req.on("error", reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

const HPA = "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/order-service";

export async function liveOrderHpa(): Promise<{ maxReplicas: number; behavior: { scaleDown: { stabilizationWindowSeconds: number } } }> {
  const r = await kubeRequest("GET", HPA);
  return r.json.spec as never;
}

/** Another tool (its own field manager) sets the order-service HPA's maxReplicas. */
export async function applyAsOtherManager(manager: string, maxReplicas: number): Promise<void> {
  const r = await kubeRequest("PATCH", HPA, { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: "shop" }, spec: { maxReplicas } }, `?fieldManager=${manager}&force=true`);
  if (r.status >= 300) throw new Error(`apply as ${manager}: ${r.status} ${JSON.stringify(r.json)}`);
}
