// A modal dialog on the native <dialog> element: focus moves in and is kept there, Escape
// cancels, and focus returns to where it was when the dialog closes.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export interface ModalDialogProps {
  title: string;
  id: string;
  onCancel: () => void;
  footer: ComponentChildren;
  children?: ComponentChildren;
}

export function ModalDialog({ title, id, onCancel, footer, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement as HTMLElement | null;
    // jsdom has no showModal; a plain open dialog is enough there.
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    return () => {
      if (dialog.open && typeof dialog.close === "function") dialog.close();
      returnTo?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <div class="dialog-content">
        <h2 class="dialog-title" id={`${id}-title`}>
          {title}
        </h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-footer">{footer}</div>
      </div>
    </dialog>
  );
}
