import { notFound } from "next/navigation";
import { ProfilePage } from "@/components/profiles/profile-page";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { isProfileKind } from "@/lib/scaling/profile";

export default async function ScalingProfilePage({ params }: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  const { namespace, kind, name } = await params;
  if (!isProfileKind(kind)) notFound();
  const user = await currentUser();
  return <ProfilePage id={{ namespace: decodeURIComponent(namespace), kind, name: decodeURIComponent(name) }} canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
