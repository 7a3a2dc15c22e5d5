import { SloEditor } from "@/components/slo/slo-editor";

export default function NewSloPage() {
  return <SloEditor />;
}
