import { currentUser } from "@/lib/auth/session";
import { PdfError, printablePath, renderPdf } from "@/lib/reviews/pdf";

export const dynamic = "force-dynamic";

/** The request's cookies, for the print page to see the same session. */
function requestCookies(request: Request): { name: string; value: string }[] {
  return (request.headers.get("cookie") ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      const i = c.indexOf("=");
      return { name: c.slice(0, i), value: c.slice(i + 1) };
    })
    .filter((c) => c.name.length > 0);
}

/** A review or report as PDF (`?path=/reviews/<id>/print`), rendered for the signed-in caller. */
export async function GET(request: Request): Promise<Response> {
  if (!(await currentUser())) return Response.json({ error: "sign in first" }, { status: 401 });
  const path = new URL(request.url).searchParams.get("path") ?? "";
  if (!printablePath(path)) return Response.json({ error: `path: only a review's or a report's print page can be exported, not "${path.slice(0, 80)}"` }, { status: 400 });
  try {
    const pdf = await renderPdf(path, requestCookies(request));
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
