import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Perfops Console",
  description: "SLOs, latency, errors and saturation of your services; alert rules and scaling profiles under version control.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // the theme switch (components/ui/theme-switch.tsx) keeps its choice in this cookie
  const theme = (await cookies()).get("perfops-theme")?.value === "light" ? "light" : "dark";
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
