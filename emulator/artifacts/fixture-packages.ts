// Small but real package files for the seed: an npm tarball (gzip of a ustar archive holding
// package/package.json), a NuGet .nupkg (a zip with its .nuspec), a Maven .jar (a zip with its
// manifest) and .pom, a Python wheel (a zip with its .dist-info) and sdist (a .tar.gz with
// PKG-INFO), and a Universal package's bytes.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { writeZip } from "./zip";

/** Deterministic, barely compressible bytes: a build's output is about this size (and not all zeros). */
function payload(seed: string, size: number): Buffer {
  const chunks: Buffer[] = [];
  let block = createHash("sha256").update(seed).digest();
  for (let n = 0; n < size; n += block.length) {
    chunks.push(block);
    block = createHash("sha256").update(block).digest();
  }
  return Buffer.concat(chunks).subarray(0, size);
}

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write(
    `${Math.floor(Date.UTC(2026, 0, 1) / 1000)
      .toString(8)
      .padStart(11, "0")}\0`,
    136,
  );
  h.write("        ", 148);
  h.write("0", 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function tar(files: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      tarHeader(f.name, f.data.length),
      f.data,
      Buffer.alloc((512 - (f.data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function npmTarball(name: string, version: string, description: string): Buffer {
  const manifest = JSON.stringify(
    { name, version, description, main: "index.js", license: "UNLICENSED" },
    null,
    2,
  );
  const index = `// ${name} ${version}\nmodule.exports = { version: ${JSON.stringify(version)} };\n`;
  return gzipSync(
    tar([
      { name: "package/package.json", data: Buffer.from(manifest) },
      { name: "package/index.js", data: Buffer.from(index) },
      {
        name: "package/dist/bundle.min.js",
        data: Buffer.from(payload(`${name}@${version}`, 12_000).toString("base64")),
      },
    ]),
  );
}

export function nupkg(id: string, version: string, description: string): Buffer {
  const nuspec =
    `<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">\n` +
    `  <metadata>\n    <id>${id}</id>\n    <version>${version}</version>\n    <authors>Fabrikam</authors>\n    <description>${description}</description>\n  </metadata>\n</package>\n`;
  return writeZip([
    { name: `${id}.nuspec`, data: Buffer.from(nuspec) },
    {
      name: `lib/net8.0/${id}.dll`,
      data: Buffer.concat([Buffer.from("MZ"), payload(`${id}@${version}`, 24_000)]),
    },
  ]);
}

export function universalBytes(name: string, version: string): Buffer {
  return Buffer.from(`${name} ${version}: fixture assets\n`.repeat(8));
}

/** A Maven artifact's two files: the .pom (its coordinates) and the .jar (a zip with its manifest). */
export function mavenFiles(
  groupId: string,
  artifactId: string,
  version: string,
): { name: string; content: Buffer }[] {
  const pom =
    `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n` +
    `  <modelVersion>4.0.0</modelVersion>\n  <groupId>${groupId}</groupId>\n  <artifactId>${artifactId}</artifactId>\n` +
    `  <version>${version}</version>\n  <packaging>jar</packaging>\n</project>\n`;
  const jar = writeZip([
    {
      name: "META-INF/MANIFEST.MF",
      data: Buffer.from(`Manifest-Version: 1.0\r\nImplementation-Version: ${version}\r\n\r\n`),
    },
    {
      name: `${groupId.replace(/\./g, "/")}/Fiber.class`,
      data: Buffer.concat([
        Buffer.from([0xca, 0xfe, 0xba, 0xbe]),
        payload(`${groupId}:${artifactId}@${version}`, 16_000),
      ]),
    },
  ]);
  return [
    { name: `${artifactId}-${version}.jar`, content: jar },
    { name: `${artifactId}-${version}.pom`, content: Buffer.from(pom) },
  ];
}

/** A Python distribution's two files: a wheel (a zip with its .dist-info) and an sdist (.tar.gz). */
export function pythonFiles(name: string, version: string): { name: string; content: Buffer }[] {
  const module = name.replace(/-/g, "_");
  const metadata = `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: Fabrikam fiber tools\n`;
  const code = Buffer.from(payload(`${name}==${version}`, 10_000).toString("base64"));
  const wheel = writeZip([
    {
      name: `${module}/__init__.py`,
      data: Buffer.concat([Buffer.from("DATA = '"), code, Buffer.from("'\n")]),
    },
    { name: `${module}-${version}.dist-info/METADATA`, data: Buffer.from(metadata) },
    {
      name: `${module}-${version}.dist-info/WHEEL`,
      data: Buffer.from("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    },
  ]);
  const sdist = gzipSync(
    tar([
      { name: `${module}-${version}/PKG-INFO`, data: Buffer.from(metadata) },
      { name: `${module}-${version}/${module}/__init__.py`, data: code },
    ]),
  );
  return [
    { name: `${module}-${version}-py3-none-any.whl`, content: wheel },
    { name: `${module}-${version}.tar.gz`, content: sdist },
  ];
}
