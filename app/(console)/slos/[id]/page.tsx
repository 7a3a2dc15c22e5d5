import { SloDetailView } from "@/components/slo/slo-detail";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function SloPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  return <SloDetailView id={id} canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
