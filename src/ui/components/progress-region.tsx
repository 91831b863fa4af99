// Progress of long work (loading projects, saving), announced politely to screen readers. It
// always takes its line, so the page does not jump when a message comes and goes.
export interface ProgressRegionProps {
  text: string | undefined;
  label?: string;
}

export function ProgressRegion({ text, label = "Progress" }: ProgressRegionProps) {
  return (
    <div class="progress" role="status" aria-live="polite" aria-label={label}>
      {text ?? ""}
    </div>
  );
}
