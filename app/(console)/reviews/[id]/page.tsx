import { ReviewView } from "@/components/reviews/review-view";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/page";
import { ActionFailure } from "@/lib/errors/action-failure";
import { getReview } from "@/lib/reviews/store";
import { notFound } from "next/navigation";

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser("VIEWER", `/reviews/${id}`);
  if (!user) return <p className="panel-error" role="alert">Reading reviews needs the viewer role.</p>;
  const review = await getReview(id).catch((err: unknown) => {
    if (err instanceof ActionFailure && err.code === "not_found") notFound();
    throw err;
  });
  return <ReviewView initial={review} canEdit={hasRole(user.role, "EDITOR")} />;
}
