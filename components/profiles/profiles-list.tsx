"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { listProfilesAction } from "@/app/actions/profiles";
import { Panel } from "@/components/ui/panel";
import { ago, unwrap } from "@/components/ui/action";
import { HpaStateView, VpaStateView } from "./live-state";

/** Every HPA and VPA of the configured namespaces with what it is doing now, and whether the console keeps versions of it. */
export function ProfilesList({ workload }: { workload?: string }) {
  const q = useQuery({ queryKey: ["profiles"], queryFn: () => unwrap(listProfilesAction({})), refetchInterval: 30_000 });
  const data = q.data;
  const items = (data?.items ?? []).filter((p) => !workload || p.workload?.name === workload);
  const namespaces = [...new Set(items.map((p) => p.id.namespace))].sort();
  return (
    <div>
      <h1>Scaling profiles{workload && <span className="muted"> of {workload}</span>}</h1>
      {workload && <Link href="/profiles">← all workloads</Link>}
      {data && !data.configured && <p className="muted">No Kubernetes API server is configured: set KUBERNETES_URL (with KUBERNETES_BEARER_TOKEN or KUBERNETES_TOKEN_FILE, and KUBERNETES_CA_FILE).</p>}
      <Panel title="HPAs and VPAs" loading={q.isPending} error={q.error ? { kind: "internal", message: q.error.message } : data && "error" in data && data.error ? { backend: "kubernetes", kind: "unreachable", message: data.error } : null} warnings={data?.notes} onRetry={() => void q.refetch()} testId="profiles-list">
        {namespaces.map((ns) => (
          <div key={ns}>
            <h2>{ns}</h2>
            <table>
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Name</th>
                  <th>Workload</th>
                  <th>Now</th>
                  <th>Kept</th>
                </tr>
              </thead>
              <tbody>
                {items
                  .filter((p) => p.id.namespace === ns)
                  .map((p) => (
                    <tr key={`${p.id.kind}/${p.id.name}`}>
                      <td>{p.id.kind === "HorizontalPodAutoscaler" ? "HPA" : "VPA"}</td>
                      <td>
                        <Link href={`/profiles/${encodeURIComponent(ns)}/${p.id.kind}/${encodeURIComponent(p.id.name)}`}>{p.id.name}</Link>
                      </td>
                      <td>{p.workload ? <Link href={`/services/${encodeURIComponent(p.workload.name)}`}>{p.workload.kind}/{p.workload.name}</Link> : "—"}</td>
                      <td>{p.state.kind === "HorizontalPodAutoscaler" ? <HpaStateView s={p.state} compact /> : <VpaStateView s={p.state} compact />}</td>
                      <td className="muted">{p.kept ? `v${p.kept.head}${p.kept.lastPush ? ` · pushed ${ago(p.kept.lastPush.at)} (${p.kept.lastPush.outcome})` : ""}` : "not yet"}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
        {data?.configured && !items.length && !("error" in data && data.error) && <p className="muted">No HPA or VPA{workload ? ` scales ${workload}` : " in these namespaces"}.</p>}
      </Panel>
    </div>
  );
}
