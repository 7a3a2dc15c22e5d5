import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { currentUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeNextPath(next));
  return (
    <main className="signin">
      <h1>Perfops Console</h1>
      <p className="muted">Sign in to watch, change and review your services&apos; performance.</p>
      <SignInForm next={safeNextPath(next)} />
    </main>
  );
}
