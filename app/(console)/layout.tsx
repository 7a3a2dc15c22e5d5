import Link from "next/link";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { signOut } from "@/app/actions/auth";
import { hasRole, roleLabel } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { ThemeSwitch } from "@/components/ui/theme-switch";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-perfops-path") ?? "/";
    redirect(path === "/" ? "/login" : `/login?next=${encodeURIComponent(path)}`);
  }
  // The top bar's links are not prefetched: every page is dynamic, so a prefetch
  // bought nothing but server work (six requests per page view, measured competing
  // with the next page's queries on a 2-core machine).
  return (
    <>
      <header className="topbar">
        <span className="brand">Perfops Console</span>
        <nav>
          <Link href="/" prefetch={false}>Services</Link>
          <Link href="/slos" prefetch={false}>SLOs</Link>
          <Link href="/explore" prefetch={false}>Explore</Link>
          <Link href="/traces" prefetch={false}>Traces</Link>
          <Link href="/service-map" prefetch={false}>Service map</Link>
          <Link href="/rules" prefetch={false}>Rules</Link>
          <Link href="/profiles" prefetch={false}>Scaling</Link>
          <Link href="/alerts" prefetch={false}>Alerts</Link>
          <Link href="/reviews" prefetch={false}>Reviews</Link>
          <Link href="/roadmap" prefetch={false}>Roadmap</Link>
          <Link href="/loadtests" prefetch={false}>Load tests</Link>
          {hasRole(user.role, "EDITOR") && <Link href="/audit" prefetch={false}>Audit</Link>}
          {hasRole(user.role, "ADMIN") && <Link href="/admin/users" prefetch={false}>Users</Link>}
        </nav>
        <span className="who">
          <span data-testid="current-user">
            {user.name} · {roleLabel(user.role)}
          </span>
          <ThemeSwitch initial={(await cookies()).get("perfops-theme")?.value === "light" ? "light" : "dark"} />
          <form action={signOut}>
            <button type="submit">Sign out</button>
          </form>
        </span>
      </header>
      <main>{children}</main>
    </>
  );
}
