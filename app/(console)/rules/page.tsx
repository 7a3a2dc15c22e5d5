import { RulesHome } from "@/components/rules/rules-home";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function RulesPage() {
  const user = await currentUser();
  return <RulesHome canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
