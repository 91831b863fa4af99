// The commands' one argument parser: --help everywhere (naming the credential variables where a
// credential is needed), and missing options named the same way by every command.
import { backupMain } from "../../service/cli/backup";
import type { Output } from "../../service/cli/common";
import { restoreMain } from "../../service/cli/restore";
import { verifyMain } from "../../service/cli/verify";
import { workerMain } from "../../service/cli/worker";

function captured(): Output & { text: () => string } {
  let text = "";
  return { write: (t) => void (text += t), isTTY: false, text: () => text };
}

test.each([
  ["backup", backupMain],
  ["restore", restoreMain],
  ["backup-worker", workerMain],
])("npm run %s -- --help names the credential variables and exits 0", async (name, main) => {
  const out = captured();
  expect(await main(["--help"], {}, out)).toBe(0);
  expect(out.text()).toMatch(new RegExp(`usage: npm run ${name} --`));
  expect(out.text()).toMatch(/AZURE_DEVOPS_PAT/);
  expect(out.text()).toMatch(/AZURE_DEVOPS_TOKEN/);
});

test("each command names every required option it misses", async () => {
  const out = captured();
  await expect(verifyMain([], {}, out)).rejects.toThrow(/^--dest is required\./);
  await expect(backupMain(["--dest", "x"], {}, out)).rejects.toThrow(
    /^--organization and --dest are required\./,
  );
  await expect(workerMain(["--dest", "x"], {}, out)).rejects.toThrow(
    /^--queue, --dest and --work-dir are required\./,
  );
  await expect(restoreMain(["--plan"], {}, out)).rejects.toThrow(
    /^--dest, --snapshot, --target-organization and --target-project are required\./,
  );
  await expect(restoreMain(["--plan", "--apply"], {}, out)).rejects.toThrow(
    "Say --plan or --apply, not both.",
  );
  expect(out.text()).toBe("");
});
