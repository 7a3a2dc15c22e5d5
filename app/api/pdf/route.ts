import { cookies } from "next/headers";
import { currentUser } from "@/lib/auth/session";
import { PdfError, renderPdf } from "@/lib/reviews/pdf";

export const dynamic = "force-dynamic";

/** A review or report as PDF (`?path=/reviews/<id>/print`), rendered for the signed-in caller. */
export async function GET(request: Request): Promise<Response> {
  if (!(await currentUser())) return Response.json({ error: "sign in first" }, { status: 401 });
  const path = new URL(request.url).searchParams.get("path") ?? "";
  try {
    const pdf = await renderPdf(path, (await cookies()).getAll().map((c) => ({ name: c.name, value: c.value })));
    const name = path.startsWith("/reviews/") ? `review-${path.split("/")[2]}` : "report";
    return new Response(new Uint8Array(pdf), {
      headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${name}.pdf"`, "cache-control": "no-store" },
    });
  } catch (err) {
    if (err instanceof PdfError) return Response.json({ error: err.message }, { status: err.status });
    console.error("[pdf]", err);
    return Response.json({ error: "The PDF could not be made; the server log has the cause." }, { status: 500 });
  }
}
