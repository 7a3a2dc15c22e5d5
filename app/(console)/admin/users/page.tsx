import { UsersAdmin } from "@/components/admin/users-admin";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users";

export default async function UsersPage() {
  const user = await currentUser();
  if (!user || !hasRole(user.role, "ADMIN")) {
    return (
      <section className="panel" role="alert">
        <h1>Forbidden</h1>
        <p>Managing users needs the admin role. Ask an admin if you need access.</p>
      </section>
    );
  }
  return <UsersAdmin initialUsers={await listUsers()} currentUserId={user.id} />;
}
