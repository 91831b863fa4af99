// The hub's "Backups" card. Its client is made when the card first shows: the code behind it is
// not needed for the first screen (it arrives in the same chunk as this card).
import { useEffect, useState } from "preact/hooks";
import type { BackupRunsServices } from "../../service/backup-runs";
import { BackupRunsSection } from "../backups/backup-runs-section";
import { Card } from "../components/page";
import { describeProblem, type Problem } from "../problems";
import { ProblemMessage } from "../components/problem-message";
import { SectionLoading } from "./hub-messages";
import { BACKUPS_CARD } from "./section-cards";

export type BackupRunsLoader = () => Promise<BackupRunsServices>;

export function BackupsSection({ load, canRun }: { load: BackupRunsLoader; canRun: boolean }) {
  const [services, setServices] = useState<BackupRunsServices>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    let live = true;
    load().then(
      (loaded) => live && setServices(loaded),
      (e: unknown) => live && setProblem(describeProblem(e, "loading this page")),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return (
    <Card {...BACKUPS_CARD}>
      {services ? (
        <BackupRunsSection services={services} canRun={canRun} />
      ) : problem ? (
        <ProblemMessage problem={problem} />
      ) : (
        <SectionLoading />
      )}
    </Card>
  );
}
