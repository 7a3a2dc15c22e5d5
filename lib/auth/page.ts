import "server-only";
import { redirect } from "next/navigation";
import { hasRole, type Role } from "./roles";
import { currentUser, type SessionUser } from "./session";

/**
 * For a server page that loads data itself: the signed-in user with at least `role`,
 * checked before anything is loaded (the layout's redirect alone is not enough: a
 * page renders beside its layout, and a client navigation may skip the layout).
 * Without a session it redirects to the sign-in page; with too low a role it returns null.
 */
export async function pageUser(role: Role, path: string): Promise<SessionUser | null> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  return hasRole(user.role, role) ? user : null;
}
