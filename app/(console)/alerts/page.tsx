import { AlertsView } from "@/components/alerts/alerts-view";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function AlertsPage() {
  const user = await currentUser();
  return <AlertsView canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
