import { RuleFileEditor } from "@/components/rules/rule-file-editor";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";

export default async function RuleFilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  return <RuleFileEditor id={id} canEdit={user ? hasRole(user.role, "EDITOR") : false} />;
}
