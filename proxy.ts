import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the requested path to server components, so that a signed-out visitor of
 * a shared link is sent back to it after signing in. No access decision is made
 * here: the (console) layout and every server action check the session themselves.
 */
export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-perfops-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|api/|favicon.ico).*)"] };
