"use client";

import { useState } from "react";

export const THEME_COOKIE = "perfops-theme";

/** Dark or light: kept in a cookie so the server renders the chosen theme from the first byte. */
export function ThemeSwitch({ initial }: { initial: "dark" | "light" }) {
  const [theme, setTheme] = useState(initial);
  const next = theme === "light" ? "dark" : "light";
  return (
    <button
      type="button"
      className="theme-switch"
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      onClick={() => {
        document.documentElement.dataset.theme = next;
        document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        setTheme(next);
      }}
    >
      {theme === "light" ? "Dark" : "Light"}
    </button>
  );
}
