import { z } from "zod";
import { ROLES } from "./roles";
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from "./password";

/** Input schemas of the sign-in and user-management actions, validated at the edge. */

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "expected an email address such as ops@example.com" }));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `expected at least ${MIN_PASSWORD_LENGTH} characters`)
  // bcrypt reads only the first 72 bytes: a longer password would be silently cut
  .refine((p) => Buffer.byteLength(p, "utf8") <= MAX_PASSWORD_BYTES, `expected at most ${MAX_PASSWORD_BYTES} bytes (bcrypt ignores the rest; about 72 letters, fewer with accents or emoji)`);

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "enter your password").max(200),
});

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "enter a name").max(100, "expected at most 100 characters"),
  password: passwordSchema,
  role: z.enum(ROLES, { message: "expected one of viewer, editor, admin" }),
});

export const setRoleSchema = z.object({
  userId: z.string().min(1),
  role: z.enum(ROLES, { message: "expected one of viewer, editor, admin" }),
});

export const setDisabledSchema = z.object({ userId: z.string().min(1), disabled: z.boolean() });

export const resetPasswordSchema = z.object({ userId: z.string().min(1), password: passwordSchema });
