"use client";

import { useState, type FormEvent } from "react";
import {
  createUserAction,
  listUsersAction,
  resetPasswordAction,
  setDisabledAction,
  setRoleAction,
} from "@/app/actions/users";
import { ROLES, roleLabel, type Role } from "@/lib/auth/roles";
import type { ActionResult } from "@/lib/server/action-types";
import type { UserRow } from "@/lib/users/types";
import { InlinePrompt } from "@/components/ui/inline-prompt";

/** Admin page: list users, create one, change roles, disable, reset passwords. */
export function UsersAdmin({ initialUsers, currentUserId }: { initialUsers: UserRow[]; currentUserId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<ActionResult<T>>, success: string): Promise<boolean> {
    setBusy(true);
    try {
      const res = await work();
      if (!res.ok) {
        setMessage({ kind: "error", text: res.error.message });
        return false;
      }
      setMessage({ kind: "ok", text: success });
      const list = await listUsersAction({});
      if (list.ok) setUsers(list.data);
      return true;
    } finally {
      setBusy(false);
    }
  }

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = String(data.get("email"));
    const ok = await run(
      () =>
        createUserAction({
          email,
          name: String(data.get("name")),
          password: String(data.get("password")),
          role: String(data.get("role")) as Role,
        }),
      `Created ${email}.`,
    );
    if (ok) form.reset();
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <h1>Users</h1>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "field-error" : "status-ok"}>
          {message.text}
        </p>
      )}
      <section className="panel">
        <h2>Accounts</h2>
        <table data-testid="users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last sign-in</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={busy}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      void run(() => setRoleAction({ userId: u.id, role }), `${u.email} is now ${roleLabel(role).toLowerCase()}.`);
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(r)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={u.disabled ? "status-bad" : "status-ok"}>{u.disabled ? "disabled" : "active"}</td>
                <td className="muted">{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : "never"}</td>
                <td style={{ display: "flex", gap: 6 }}>
                  <button
                    type="button"
                    disabled={busy || u.id === currentUserId}
                    title={u.id === currentUserId ? "You cannot disable yourself" : undefined}
                    onClick={() =>
                      void run(
                        () => setDisabledAction({ userId: u.id, disabled: !u.disabled }),
                        `${u.email} is now ${u.disabled ? "active" : "disabled"}.`,
                      )
                    }
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                  <InlinePrompt
                    label={`New password for ${u.email} (at least 10 characters)`}
                    type="password"
                    minLength={10}
                    submitLabel="Set password"
                    disabled={busy}
                    onSubmit={(password) => void run(() => resetPasswordAction({ userId: u.id, password }), `Password of ${u.email} reset.`)}
                  >
                    Reset password
                  </InlinePrompt>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>New user</h2>
        <form className="inline-form" onSubmit={onCreate} aria-label="New user">
          <label>
            Email
            <input name="email" type="email" required />
          </label>
          <label>
            Name
            <input name="name" required />
          </label>
          <label>
            Password
            <input name="password" type="password" required minLength={10} />
          </label>
          <label>
            Role
            <select name="role" defaultValue="VIEWER">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <button className="primary" type="submit" disabled={busy}>
            Create
          </button>
        </form>
      </section>
    </div>
  );
}
