// The real azure-devops-extension-api clients (their routes, api versions and parsing), with
// their requests sent through our AdoTransport instead of a bare fetch, so that every request
// honours Retry-After, backs off and refreshes its token in one place.
import type { IVssRestClientOptions } from "azure-devops-extension-api/Common";
import { type AdoTransport, acceptHeader, parseVssJson } from "./transport";

interface RequestParams {
  method?: string;
  body?: unknown;
  isRawData?: boolean;
  httpResponseType?: string;
  customHeaders?: Record<string, string>;
  returnRawResponse?: boolean;
}

/** The one member of RestClientBase we replace; it is `protected` in its typings. */
interface IssuesRequests {
  _issueRequest(url: string, apiVersion: string, params: RequestParams): Promise<unknown>;
}

export function createRestClient<T extends object>(
  clientClass: new (options: IVssRestClientOptions) => T,
  transport: AdoTransport,
  rootPath: string | Promise<string>,
): T {
  const client = new clientClass({ rootPath });
  (client as unknown as IssuesRequests)._issueRequest = async (url, apiVersion, params) => {
    const method = (params.method ?? "GET").toUpperCase();
    const type = params.httpResponseType ?? "application/json";
    const headers: Record<string, string> = {
      Accept: acceptHeader(apiVersion, type),
      ...params.customHeaders,
    };
    const init: RequestInit = { method, headers };
    if (params.body !== undefined && method !== "GET") {
      init.body = params.isRawData ? (params.body as BodyInit) : JSON.stringify(params.body);
      headers["Content-Type"] = "application/json";
    }
    const response = await transport.request(url, init);
    if (params.returnRawResponse) return response;
    if (type.toLowerCase().includes("json")) return parseVssJson(await response.text());
    return type.toLowerCase() === "text/plain" ? response.text() : response.arrayBuffer();
  };
  return client;
}
