// The headings of the hub's sections below the overview, shared by the sections (loaded later)
// and the placeholders that hold their place until then.
import type { CardProps } from "../components/page";

type CardHeading = Pick<CardProps, "title" | "id" | "subtitle">;

export const BACKUPS_CARD: CardHeading = {
  title: "Backups",
  id: "backups-title",
  subtitle:
    "Back up now or on a schedule; each project's last backup. Backups act as the account that connected the organization.",
};

export const CONNECTION_CARD: CardHeading = {
  title: "Connection to the backup service",
  id: "connection-title",
  subtitle:
    "The backup service acts for the organization with the sign-in of a Project Collection Administrator.",
};

export const CONSENT_CARD: CardHeading = {
  title: "Backup app consent",
  id: "consent-title",
  subtitle:
    "The backup service signs in with an Entra app that a Global Administrator of your tenant has consented to.",
};

export const SCOPE_CARD: CardHeading = {
  title: "Backup scope",
  id: "scope-title",
  subtitle:
    "Tick the projects to back up. Each project's data types are in the panel beside the list.",
};

export const HISTORY_CARD: CardHeading = {
  title: "History",
  id: "history-title",
  subtitle: "Every change to the backup scope, newest first.",
};
