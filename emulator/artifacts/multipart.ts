// The parts of a multipart/form-data body (RFC 7578), as `twine upload` and `nuget push` send
// them: each part's field name, file name when it is a file, and bytes.

export interface FormPart {
  name: string;
  fileName?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  return /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
}

export function formParts(body: Buffer, boundary: string): FormPart[] {
  const parts: FormPart[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const headersStart = at + delimiter.length + 2; // past the CRLF (or "--" of the last one)
    if (body.subarray(at + delimiter.length, at + delimiter.length + 2).toString() === "--") break;
    const headersEnd = body.indexOf("\r\n\r\n", headersStart);
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    if (headersEnd < 0 || next < 0) break;
    const headers = body.subarray(headersStart, headersEnd).toString("utf8");
    const name = /\bname="([^"]*)"/i.exec(headers)?.[1];
    const fileName = /\bfilename="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined)
      parts.push({
        name,
        ...(fileName !== undefined ? { fileName } : {}),
        data: body.subarray(headersEnd + 4, next),
      });
    at = next + 2;
  }
  return parts;
}
