import { SloEditor } from "@/components/slo/slo-editor";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { getSlo } from "@/lib/slo/store";

export default async function EditSloPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
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
  return <SloEditor existing={{ id: slo.id, base: slo.head, spec: slo.spec }} />;
}
