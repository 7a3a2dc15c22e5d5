import { SloBoard } from "@/components/slo/slo-board";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function SlosPage() {
  const user = await currentUser();
  return <SloBoard canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
