import { AuditLogView } from "@/components/audit/audit-log";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function AuditPage() {
  const user = await currentUser();
  if (!user || !hasRole(user.role, "EDITOR")) {
    return (
      <section className="panel" role="alert">
        <h1>Forbidden</h1>
        <p>The audit log is for editors and admins. Ask an admin if you need access.</p>
      </section>
    );
  }
  return <AuditLogView />;
}
