// The admins the unit tests act as, as the scope records who made a change.
import type { Actor } from "../../src/core/scope";

export const avery: Actor = { id: "u-avery", displayName: "Avery Admin" };
export const blake: Actor = { id: "u-blake", displayName: "Blake Backup" };
