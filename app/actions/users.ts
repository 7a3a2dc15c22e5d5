"use server";

import { z } from "zod";
import { createUserSchema, resetPasswordSchema, setDisabledSchema, setRoleSchema } from "@/lib/auth/schemas";
import { defineAction } from "@/lib/server/action";
import { createUser, listUsers, resetPassword, setDisabled, setRole } from "@/lib/users";

/** User management: admins only, checked on the server for every call. */

export const listUsersAction = defineAction("users.list", "ADMIN", z.object({}), () => listUsers());

export const createUserAction = defineAction("users.create", "ADMIN", createUserSchema, (i, actor) =>
  createUser(i, actor),
);

export const setRoleAction = defineAction("users.set_role", "ADMIN", setRoleSchema, (i, actor) =>
  setRole(i.userId, i.role, actor),
);

export const setDisabledAction = defineAction("users.set_disabled", "ADMIN", setDisabledSchema, (i, actor) =>
  setDisabled(i.userId, i.disabled, actor),
);

export const resetPasswordAction = defineAction("users.reset_password", "ADMIN", resetPasswordSchema, (i, actor) =>
  resetPassword(i.userId, i.password, actor),
);
