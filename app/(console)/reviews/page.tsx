import { ReviewList } from "@/components/reviews/review-list";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/page";
import { reviewDefaults } from "@/lib/reviews/period";
import { knownServices } from "@/lib/reviews/services";

export default async function ReviewsPage() {
  const user = await pageUser("VIEWER", "/reviews");
  if (!user) return <p className="panel-error" role="alert">Reading reviews needs the viewer role.</p>;
  return <ReviewList canEdit={hasRole(user.role, "EDITOR")} services={await knownServices()} defaults={reviewDefaults()} />;
}
