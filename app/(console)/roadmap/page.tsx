import { RoadmapBoard } from "@/components/roadmap/roadmap-board";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function RoadmapPage() {
  const user = await currentUser();
  return <RoadmapBoard canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
