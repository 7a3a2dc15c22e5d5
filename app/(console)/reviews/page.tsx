import { ReviewList } from "@/components/reviews/review-list";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { reviewDefaults } from "@/lib/reviews/period";
import { knownServices } from "@/lib/reviews/services";

export default async function ReviewsPage() {
  const user = await currentUser();
  return <ReviewList canEdit={user ? hasRole(user.role, "EDITOR") : false} services={await knownServices()} defaults={reviewDefaults()} />;
}
