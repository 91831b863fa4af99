// Who is signed in to the tab's organization, with Sign out; or Sign in when nobody is.
import type { SignInState } from "../../src/browser/messages";

export interface AccountProps {
  signIn: SignInState;
  /** An action is going: one at a time. */
  busy: boolean;
  onSignIn: () => void;
  onSignOut: () => void;
}

export function Account({ signIn, busy, onSignIn, onSignOut }: AccountProps) {
  if (signIn.kind === "signed-out")
    return (
      <section aria-label="Sign-in">
        <p>Sign in with your work account to see and change this organization's backup scope.</p>
        <button type="button" disabled={busy} onClick={onSignIn}>
          Sign in
        </button>
      </section>
    );
  return (
    <p class="account">
      Signed in as <strong>{signIn.account.name}</strong>
      {signIn.account.username && ` (${signIn.account.username})`}.{" "}
      <button type="button" class="link" disabled={busy} onClick={onSignOut}>
        Sign out
      </button>
    </p>
  );
}
