/** A failure an action reports to the user as is (not an internal error). */
export class ActionFailure extends Error {
  constructor(
    readonly code: "conflict" | "not_found" | "invalid" | "busy",
    message: string,
  ) {
    super(message);
    this.name = "ActionFailure";
  }
}
