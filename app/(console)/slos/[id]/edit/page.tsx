import { SloEditor } from "@/components/slo/slo-editor";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { ActionFailure } from "@/lib/errors/action-failure";
import { getSlo, getSloVersion } from "@/lib/slo/store";

/** Edit an SLO: the head's spec, or with `?version=N` an older version's spec restored as the draft (saved on top of the head). */
export default async function EditSloPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string | string[] }> }) {
  const { id } = await params;
  const { version: versionParam } = await searchParams;
  const user = await currentUser();
  if (!user || !hasRole(user.role, "EDITOR")) {
    return (
      <section className="panel" role="alert">
        <h1>Forbidden</h1>
        <p>Editing SLOs needs the editor role.</p>
      </section>
    );
  }
  const slo = await getSlo(id);
  if (versionParam === undefined) return <SloEditor key={`head-${slo.head}`} existing={{ id: slo.id, base: slo.head, spec: slo.spec }} />;
  const version = typeof versionParam === "string" && /^[1-9][0-9]{0,8}$/.test(versionParam) ? Number(versionParam) : undefined;
  const restored = version === undefined ? undefined : await getSloVersion(slo.id, version).catch((err: unknown) => {
    if (err instanceof ActionFailure && err.code === "not_found") return undefined;
    throw err;
  });
  if (!restored) {
    return (
      <section className="panel" role="alert">
        <h1>No such version</h1>
        <p>{slo.name} has versions v1 to v{slo.head}.</p>
      </section>
    );
  }
  return <SloEditor key={`v${restored.version}-on-${slo.head}`} existing={{ id: slo.id, base: slo.head, spec: restored.spec, restoredFrom: restored.version }} />;
}
