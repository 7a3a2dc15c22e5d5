"use client";

import { useState, type FormEvent, type ReactNode } from "react";

/**
 * A button that opens a one-field form in place, instead of a browser `prompt()`
 * (which shows passwords in clear, blocks the page and cannot validate). Escape or
 * "Cancel" closes it; the value is only passed on when it meets `minLength`.
 */
export function InlinePrompt({
  children,
  label,
  onSubmit,
  type = "text",
  minLength = 1,
  submitLabel = "OK",
  disabled,
}: {
  children: ReactNode;
  label: string;
  onSubmit: (value: string) => void;
  type?: "text" | "password";
  minLength?: number;
  submitLabel?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState("");
  const close = () => {
    setOpen(false);
    setValue("");
  };
  if (!open) {
    return (
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}>
        {children}
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.length < minLength) return;
    onSubmit(value);
    close();
  };
  return (
    <form className="inline-form" aria-label={label} onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()}>
      <label>
        {label}
        <input
          type={type}
          value={value}
          autoFocus
          minLength={minLength}
          required
          autoComplete={type === "password" ? "new-password" : "off"}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <button type="submit" disabled={value.length < minLength}>
        {submitLabel}
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
