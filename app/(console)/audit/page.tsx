import { AuditLogView } from "@/components/audit/audit-log";
import { pageUser } from "@/lib/auth/page";

export default async function AuditPage() {
  if (!(await pageUser("EDITOR", "/audit"))) {
    return (
      <section className="panel" role="alert">
        <h1>Forbidden</h1>
        <p>The audit log is for editors and admins. Ask an admin if you need access.</p>
      </section>
    );
  }
  return <AuditLogView />;
}
