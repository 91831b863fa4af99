// The layout shell every page of ours shares: a title, a line of description, actions on the
// right, and cards for its sections.
import type { ComponentChildren } from "preact";

export interface PageShellProps {
  title: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}

export function PageShell({ title, description, actions, children }: PageShellProps) {
  return (
    <main class="page">
      <header class="page-header">
        <div>
          <h1 class="page-title">{title}</h1>
          {description ? <p class="page-description">{description}</p> : null}
        </div>
        {actions ? <div class="page-actions">{actions}</div> : null}
      </header>
      {children}
    </main>
  );
}

export interface CardProps {
  title: string;
  /** Id of the heading, so the section can be labelled by it. */
  id: string;
  subtitle?: ComponentChildren;
  children?: ComponentChildren;
}

export function Card({ title, id, subtitle, children }: CardProps) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 class="card-title" id={id}>
        {title}
      </h2>
      {subtitle ? <p class="card-subtitle">{subtitle}</p> : null}
      {children}
    </section>
  );
}
