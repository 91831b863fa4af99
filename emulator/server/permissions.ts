// Permission checks of the Security area (`GET _apis/permissions/{namespaceId}/{permissions}` and
// `POST _apis/security/permissionevaluationbatch`), for the Collection namespace the product asks
// about (CONTRACT.md "Permissions"). What is evaluated is a namespace, a token and permission bits.
import { BadRequest } from "./http";

export const NAMESPACE_COLLECTION = "3e65f728-f8bc-4ecd-8764-7e378b19bfa7";
/**
 * The Collection namespace's actions (namespace reference: GENERIC_READ 1, GENERIC_WRITE 2,
 * CREATE_PROJECTS 4, TRIGGER_EVENT 8, MANAGE_TEMPLATE 16, DIAGNOSTIC_TRACE 32, SYNCHRONIZE_READ 64,
 * MANAGE_TEST_CONTROLLERS 128, DELETE_FIELD 256, MANAGE_ENTERPRISE_POLICIES 512). A bit outside them
 * is never granted.
 */
const COLLECTION_ACTIONS = 0x3ff;
const GENERIC_READ = 1;
/** The namespace's root token. Tokens are case-insensitive and ':'-separated; a trailing separator names the same token. */
const ROOT_TOKEN = "namespace";

export interface Evaluation {
  namespaceId: string;
  /** undefined: the request named no token (the namespace's root is evaluated). */
  token: string | undefined;
  permissions: number;
  alwaysAllowAdministrators: boolean;
}

/** Permission bits as the path or a body gives them: a positive integer, else 400. */
export function permissionBits(raw: unknown): number {
  const n = typeof raw === "string" && raw !== "" ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n <= 0)
    throw new BadRequest(
      `The permissions to evaluate must be a positive integer, not ${JSON.stringify(raw)}.`,
      400,
      "InvalidArgumentValueException",
    );
  return n;
}

function underRoot(token: string | undefined): boolean {
  if (token === undefined) return true;
  const t = token.trim().toLowerCase().replace(/:+$/, "");
  return t === ROOT_TOKEN || t.startsWith(`${ROOT_TOKEN}:`);
}

/**
 * Whether the caller has every bit asked for. Project Collection Administrators hold every action
 * of the Collection namespace on its root (and so beneath it); everyone else GENERIC_READ only. A
 * token outside the root has no ACL: nothing is granted there, unless `alwaysAllowAdministrators`
 * is set and the caller administers the namespace.
 */
export function evaluate(e: Evaluation, isCollectionAdministrator: boolean): boolean {
  if (e.namespaceId.toLowerCase() !== NAMESPACE_COLLECTION) return false;
  if (e.alwaysAllowAdministrators && isCollectionAdministrator) return true;
  if ((e.permissions & ~COLLECTION_ACTIONS) !== 0 || !underRoot(e.token)) return false;
  const granted = isCollectionAdministrator ? COLLECTION_ACTIONS : GENERIC_READ;
  return (e.permissions & granted) === e.permissions;
}
