// The headings of the hub's sections below the overview, shared by the sections (loaded later)
// and the placeholders that hold their place until then.
import type { CardProps } from "../components/page";

type CardHeading = Pick<CardProps, "title" | "id" | "subtitle">;

/** A section's heading: its id (what the section is labelled by) is the section's name + "-title". */
function heading(section: string, title: string, subtitle: string): CardHeading {
  return { id: `${section}-title`, title, subtitle };
}

export const BACKUPS_CARD = heading(
  "backups",
  "Backups",
  "Back up now or on a schedule; each project's last backup. Backups act as the account that connected the organization.",
);

export const CONNECTION_CARD = heading(
  "connection",
  "Connection to the backup service",
  "The backup service acts for the organization with the sign-in of a Project Collection Administrator.",
);

export const CONSENT_CARD = heading(
  "consent",
  "Backup app consent",
  "The backup service signs in with an Entra app that a Global Administrator of your tenant has consented to.",
);

export const SCOPE_CARD = heading(
  "scope",
  "Backup scope",
  "Tick the projects to back up. Each project's data types are in the panel beside the list.",
);

export const HISTORY_CARD = heading(
  "history",
  "History",
  "Every change to the backup scope, newest first.",
);
