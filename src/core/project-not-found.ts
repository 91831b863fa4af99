// A project the admin is acting on cannot be found: the page did not say which one, or no project
// of that name is in the organization (or the caller cannot see it).
export class ProjectNotFoundError extends Error {
  /** `project`: the name looked for; absent when the page named none. */
  constructor(readonly project?: string) {
    super(
      project === undefined
        ? "This page did not say which project it is about. Open the project and try again."
        : `There is no project "${project}" in this organization, or you cannot see it.`,
    );
    this.name = "ProjectNotFoundError";
  }
}
