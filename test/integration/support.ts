// The emulators the integration tests start: on free ports and logging nothing, from a fixture
// file of emulator/fixtures or a generated organization, and stopped when a test is done with one.
import { join } from "node:path";
import { generateOrganization } from "../../emulator/fixtures/generate";
import type { OrganizationFixture } from "../../emulator/fixtures/types";
import {
  loadFixture,
  startEmulator,
  type EmulatorHandle,
  type EmulatorOptions,
} from "../../emulator/server";

export type TestEmulatorOptions = Omit<EmulatorOptions, "ports" | "quiet">;

/** An emulator on free ports that logs nothing. */
export function startTestEmulator(options: TestEmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ ...options, ports: { host: 0, extension: 0, entra: 0 }, quiet: true });
}

/** A generated organization of 10,000 projects (the same ones for the same seed). */
export function startLargeOrganization(
  seed: number,
  options: TestEmulatorOptions = {},
): Promise<EmulatorHandle> {
  return startTestEmulator({
    fixture: generateOrganization({ projects: 10_000, seed }),
    ...options,
  });
}

/** A fixture file of emulator/fixtures (e.g. "contoso-msa.json"), to change before starting it. */
export function fixtureFile(name: string): OrganizationFixture {
  return loadFixture(join(__dirname, "..", "..", "emulator", "fixtures", name));
}

/** Runs `use` against an emulator of its own, stopped afterwards whatever `use` does. */
export async function withEmulator<T>(
  options: TestEmulatorOptions,
  use: (emulator: EmulatorHandle) => Promise<T>,
): Promise<T> {
  const emulator = await startTestEmulator(options);
  try {
    return await use(emulator);
  } finally {
    await emulator.stop();
  }
}
