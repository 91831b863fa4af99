// Secret values are stored but never returned: Azure DevOps answers a secret variable with
// `"value": null` and leaves a service connection's secret authorization parameters out.
import type { Json } from "./state";

type Variables = Record<string, { value?: unknown; isSecret?: boolean; [k: string]: unknown }>;

export function withoutSecretValues(variables: unknown): unknown {
  if (typeof variables !== "object" || variables === null) return variables;
  const out: Variables = {};
  for (const [name, v] of Object.entries(variables as Variables))
    out[name] = v.isSecret ? { ...v, value: null } : { ...v };
  return out;
}

/** Authorization parameters that hold credentials (the service endpoint types' secret inputs). */
const SECRET_PARAMETERS = new Set([
  "password",
  "apitoken",
  "accesstoken",
  "serviceprincipalkey",
  "servicebusconnectionstring",
  "certificate",
  "privatekey",
]);

export function endpointForReaders(endpoint: Json): Json {
  const auth = endpoint.authorization as
    { scheme?: string; parameters?: Record<string, unknown> } | undefined;
  if (!auth?.parameters) return endpoint;
  const parameters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(auth.parameters))
    if (!SECRET_PARAMETERS.has(k.toLowerCase())) parameters[k] = v;
  return { ...endpoint, authorization: { ...auth, parameters } };
}
