/** Roles and what each may do. Pure; the server checks these on every action. */

export const ROLES = ["VIEWER", "EDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2 };

/** viewer < editor < admin: viewers read; editors draft and push; admins manage users. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export function roleLabel(role: Role): string {
  return role.charAt(0) + role.slice(1).toLowerCase();
}
